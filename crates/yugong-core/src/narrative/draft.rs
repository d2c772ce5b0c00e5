//! Drafting the 情况说明 from the tables: the standard paragraphs of 二、三、四、六、七 and the
//! preamble, in the wording the published Hebei disclosures use (tests/fixtures/seeds/), every
//! figure from the tables in two-decimal 万元 (asset values keep their stated precision, as the
//! asset table states them).
//!
//! What no table holds — a reason for a change, last year's figure when no prior-year block is
//! known — is drafted as a visible slot (`【请填写…】`, see [`SLOT_OPEN`]) that the audit reports
//! (`NARR-SLOT`) until someone fills it. Pure: the project and the edition in, texts out.

use rust_decimal::Decimal;

use crate::catalog::Edition;
use crate::model::{NarrativeSection, PriorYear, Project};

/// A slot opens with these characters and closes with [`SLOT_CLOSE`]: 【请填写增减原因】.
pub const SLOT_OPEN: &str = "【请填写";
pub const SLOT_CLOSE: char = '】';

/// The sections drafting writes, in document order.
pub const DRAFTED_SECTIONS: [NarrativeSection; 8] = [
    NarrativeSection::Preamble,
    NarrativeSection::OverviewIncome,
    NarrativeSection::OverviewExpense,
    NarrativeSection::OverviewChange,
    NarrativeSection::OperatingCosts,
    NarrativeSection::ThreePublic,
    NarrativeSection::Procurement,
    NarrativeSection::Assets,
];

/// One drafted section text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftedSection {
    pub section: NarrativeSection,
    pub text: String,
}

/// Drafts every section of [`DRAFTED_SECTIONS`].
pub fn draft_all(project: &Project, edition: &Edition) -> Vec<DraftedSection> {
    DRAFTED_SECTIONS
        .iter()
        .filter_map(|&section| draft_section(project, edition, section).map(|text| DraftedSection { section, text }))
        .collect()
}

/// Drafts one section; `None` for a section drafting does not write (职责, 绩效目标 …).
pub fn draft_section(project: &Project, edition: &Edition, section: NarrativeSection) -> Option<String> {
    let tables_have_data = !project.tables.iter().all(|(_, table)| table.has_no_amounts());
    let drafter = Drafter { project, edition, prior: project.prior_year.as_ref(), tables_have_data };
    Some(match section {
        NarrativeSection::Preamble => drafter.preamble(),
        NarrativeSection::OverviewIncome => drafter.income(),
        NarrativeSection::OverviewExpense => drafter.expense(),
        NarrativeSection::OverviewChange => drafter.change(),
        NarrativeSection::OperatingCosts => drafter.operating_costs(),
        NarrativeSection::ThreePublic => drafter.three_public(),
        NarrativeSection::Procurement => drafter.procurement(),
        NarrativeSection::Assets => drafter.assets(),
        _ => return None,
    })
}

/// Writes the drafted texts into the project's narrative (the sections given, or all).
pub fn apply(project: &mut Project, drafted: &[DraftedSection]) {
    apply_to(&mut project.narrative, drafted);
}

/// [`apply`] on a narrative alone (the editor builds the new narrative for one undo step).
pub fn apply_to(narrative: &mut crate::model::Narrative, drafted: &[DraftedSection]) {
    for drafted in drafted {
        if let Some(text) = drafted.section.text_mut(narrative) {
            text.clone_from(&drafted.text);
        }
    }
}

/// The slots left in a text, each as written (“【请填写增减原因】”); an unclosed slot runs to
/// the end of the text.
pub fn slots(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(SLOT_OPEN) {
        let Some(tail) = rest.get(at..) else { break };
        let end = tail.find(SLOT_CLOSE).map_or(tail.len(), |e| e + SLOT_CLOSE.len_utf8());
        out.push(tail.get(..end).unwrap_or(tail));
        rest = tail.get(end..).unwrap_or("");
    }
    out
}

/// Money as the seeds write it: two decimals and 万元 (“1486.83万元”, “0.00万元”).
pub fn wan(value: Decimal) -> String {
    let mut v = value.round_dp(2);
    v.rescale(2);
    format!("{v}万元")
}

/// A value kept at its stated precision, at least two decimals (asset book values: 420.74804万元).
fn wan_stated(value: Decimal) -> String {
    let mut v = value;
    if v.scale() < 2 {
        v.rescale(2);
    }
    format!("{v}万元")
}

fn slot(what: &str) -> String {
    format!("{SLOT_OPEN}{what}{SLOT_CLOSE}")
}

struct Drafter<'a> {
    project: &'a Project,
    edition: &'a Edition,
    prior: Option<&'a PriorYear>,
    /// False while the nine tables are empty (a narrative typed before its tables): then every
    /// table figure is a slot, never a 0.00 the tables do not state.
    tables_have_data: bool,
}

impl Drafter<'_> {
    fn year(&self) -> u16 {
        self.project.meta.budget_year
    }

    fn entity(&self) -> &'static str {
        self.project.meta.entity.word()
    }

    fn unit(&self) -> &str {
        &self.project.meta.unit_name
    }

    fn cell(&self, table: &crate::model::Table, row: &str, column: &str) -> Decimal {
        table.amount(row, column).unwrap_or_default()
    }

    /// A figure of the nine tables, or a slot naming it while the tables are empty.
    fn money(&self, value: Decimal, what: &str) -> String {
        if self.tables_have_data { wan(value) } else { format!("{}万元", slot(what)) }
    }

    /// The 比上年 clause of a table figure (a slot while the tables are empty).
    fn compare(&self, current: Decimal, previous: Option<Decimal>) -> String {
        compare(current, previous.filter(|_| self.tables_have_data))
    }

    fn preamble(&self) -> String {
        format!(
            "按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，现将{}{}年{}预算公开如下：",
            self.unit(),
            self.year(),
            self.entity()
        )
    }

    /// 收入说明: the total and the income sources of the edition's 收支总表. The four 财政 sources and
    /// the edition's last own-funds source are always stated (the seeds state them, 0.00万元 when
    /// nothing); any other source only when it has an amount.
    fn income(&self) -> String {
        let summary = &self.project.tables.income_expense_summary;
        let total = self.cell(summary, "in.grand_total", "amount");
        const ALWAYS: [&str; 6] =
            ["in.general", "in.fund", "in.capital", "in.special_account", "in.unit_funds", "in.other"];
        let mut items = Vec::new();
        for row in self.edition.side_items(crate::model::TableId::IncomeExpenseSummary, true) {
            if !row.id.starts_with("in.") {
                continue;
            }
            let value = self.cell(summary, &row.id, "amount");
            if value.is_zero() && !ALWAYS.contains(&row.id.as_str()) {
                continue;
            }
            let label = strip_numbering(&row.label);
            items.push(format!("{label}{}", self.money(value, label)));
        }
        let carryover = self.cell(summary, "in.carryover", "amount");
        items.push(format!("上年结转结余{}", self.money(carryover, "上年结转结余")));
        format!(
            "反映本{}当年全部收入。{}年预算收入{}，其中：{}。",
            self.entity(),
            self.year(),
            self.money(total, "预算收入"),
            items.join("，")
        )
    }

    /// 支出说明: total, 基本 with 人员/公用, 项目 with the projects of the goal tables.
    fn expense(&self) -> String {
        let t = &self.project.tables;
        let total = self.cell(&t.expense, "total", "total");
        let basic = self.cell(&t.expense, "total", "basic");
        let project = self.cell(&t.expense, "total", "project");
        let personnel = self.cell(&t.general_basic_expense, "total", "personnel");
        let public = self.cell(&t.general_basic_expense, "total", "public");
        let mut text = format!(
            "收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映{}{}年度{}预算中支出预算的总体情况。{}年支出预算{}，其中基本支出{}，包括人员经费{}和日常公用经费{}；项目支出{}",
            self.unit(),
            self.year(),
            self.entity(),
            self.year(),
            self.money(total, "支出预算"),
            self.money(basic, "基本支出"),
            self.money(personnel, "人员经费"),
            self.money(public, "日常公用经费"),
            self.money(project, "项目支出")
        );
        text.push_str(&self.project_list(project));
        text.push('。');
        text
    }

    /// The projects after 项目支出: with their 预算数 when the goal tables carry amounts that add up
    /// to 项目支出 (2024 edition), else by name, else a slot.
    fn project_list(&self, project_total: Decimal) -> String {
        if project_total.is_zero() && self.tables_have_data {
            return String::new();
        }
        let goals = &self.project.goals;
        let named: Vec<_> = goals.iter().filter(|g| !g.name.trim().is_empty()).collect();
        if named.is_empty() {
            return format!("，主要为{}", slot("主要项目"));
        }
        let budgets: Option<Vec<Decimal>> = named.iter().map(|g| g.budget).collect();
        match budgets {
            Some(budgets) if self.tables_have_data && budgets.iter().sum::<Decimal>() == project_total => {
                let items: Vec<String> =
                    named.iter().zip(&budgets).map(|(g, b)| format!("{}{}", g.name.trim(), wan(*b))).collect();
                format!("，主要为{}", items.join("，"))
            }
            _ => {
                let names: Vec<&str> = named.iter().map(|g| g.name.trim()).collect();
                format!("，主要为{}等项目", names.join("、"))
            }
        }
    }

    /// 比上年增减: against the prior-year block, else slots.
    fn change(&self) -> String {
        let t = &self.project.tables;
        let total = self.cell(&t.expense, "total", "total");
        let basic = self.cell(&t.expense, "total", "basic");
        let project = self.cell(&t.expense, "total", "project");
        let prior = self.prior;
        let mut text = format!(
            "{}年预算收支安排{}，{}",
            self.year(),
            self.money(total, "预算收支总额"),
            self.compare(total, prior.and_then(|p| p.total))
        );
        text.push_str(&format!(
            "。其中：基本支出{}{}；项目支出{}{}。",
            self.money(basic, "基本支出"),
            self.compare(basic, prior.and_then(|p| p.basic)),
            self.money(project, "项目支出"),
            self.compare(project, prior.and_then(|p| p.project))
        ));
        if !self.tables_have_data || prior.and_then(|p| p.total) != Some(total) {
            text.push_str(&format!("增减变化的主要原因是{}。", slot("增减原因")));
        }
        text
    }

    /// 机关运行经费: the 基本支出表's 公用经费 (the definition of the edition's 名词解释: the funds
    /// that keep the organisation running, bought goods and services), listed by its economic items.
    fn operating_costs(&self) -> String {
        let table = &self.project.tables.general_basic_expense;
        let total = self.cell(table, "total", "public");
        let mut text = format!("{}年，机关运行经费共计{}", self.year(), self.money(total, "机关运行经费"));
        let items: Vec<String> = table
            .rows
            .iter()
            .filter(|r| r.id.len() == 5 && r.id.chars().all(|c| c.is_ascii_digit()))
            .filter_map(|r| r.cells.get("public").filter(|v| !v.is_zero()).map(|v| format!("{}{}", r.name, wan(v))))
            .collect();
        if total.is_zero() && self.tables_have_data {
            text.push('。');
            return text;
        }
        if items.is_empty() {
            text.push_str(&format!("，主要用于{}等日常运行支出。", slot("主要用途")));
        } else {
            text.push_str(&format!("，其中：{}。", items.join("、")));
        }
        if let Some(previous) = self.prior.and_then(|p| p.operating_costs).filter(|_| self.tables_have_data) {
            text.push_str(&format!("机关运行经费{}{}。", wan(total), compare(total, Some(previous))));
        }
        text
    }

    /// 三公: total (小计), each item and sub-item, 会议费/培训费 where the edition has them, 比上年.
    fn three_public(&self) -> String {
        let table = &self.project.tables.three_public;
        let value = |row: &str| self.cell(table, row, "total");
        let prior = self.prior;
        let with_change = |amount: Decimal, previous: Option<Decimal>, what: &str| -> String {
            match previous.filter(|_| self.tables_have_data) {
                Some(previous) => format!("{}{}", wan(amount), compare(amount, Some(previous))),
                None => self.money(amount, what),
            }
        };
        let subtotal = value("subtotal");
        let mut text = format!(
            "{}年财政拨款“三公”经费预算安排{}，其中：因公出国（境）费{}；公务用车购置及运维费{}（其中：公务用车购置费{}，公务用车运行维护费{}）；公务接待费{}。",
            self.year(),
            self.money(subtotal, "“三公”经费"),
            with_change(value("travel"), prior.and_then(|p| p.travel), "因公出国（境）费"),
            self.money(value("vehicle"), "公务用车购置及运维费"),
            with_change(value("vehicle.purchase"), prior.and_then(|p| p.vehicle_purchase), "公务用车购置费"),
            with_change(value("vehicle.upkeep"), prior.and_then(|p| p.vehicle_upkeep), "公务用车运行维护费"),
            with_change(value("reception"), prior.and_then(|p| p.reception), "公务接待费"),
        );
        let has = |row: &str| table.row(row).is_some();
        if has("meeting") || has("training") {
            let mut others = Vec::new();
            if has("meeting") {
                others
                    .push(format!("会议费{}", with_change(value("meeting"), prior.and_then(|p| p.meeting), "会议费")));
            }
            if has("training") {
                others.push(format!(
                    "培训费{}",
                    with_change(value("training"), prior.and_then(|p| p.training), "培训费")
                ));
            }
            text.push_str(&format!("另安排{}。", others.join("；")));
        }
        let previous = prior.and_then(|p| p.three_public).filter(|_| self.tables_have_data);
        match previous {
            Some(previous) => {
                text.push_str(&format!("“三公”经费{}{}", wan(subtotal), compare(subtotal, Some(previous))));
                if previous == subtotal {
                    text.push('。');
                } else {
                    text.push_str(&format!("，增减变化的主要原因是{}。", slot("增减原因")));
                }
            }
            None => {
                text.push_str(&format!("与上年相比{}，增减变化的主要原因是{}。", slot("增减情况"), slot("增减原因")))
            }
        }
        text
    }

    /// 政府采购: total, 货物/工程/服务 by the first letter of 目录序号, 预留中小企业份额; the edition's
    /// 空表 wording for an empty table.
    fn procurement(&self) -> String {
        let table = &self.project.procurement;
        let total = match &table.total {
            Some(total) => total.funds.get("total").unwrap_or_default(),
            None => table.rows.iter().map(|r| r.funds.get("total").unwrap_or_default()).sum(),
        };
        let head = format!("{}年，{}安排政府采购预算{}", self.year(), self.unit(), wan(total));
        if table.rows.is_empty() {
            let note = self.edition.procurement.empty_note.trim_start_matches("注：");
            return format!("{head}。{note}");
        }
        let kind_total = |letter: char| -> Decimal {
            table
                .rows
                .iter()
                .filter(|r| r.catalog_code.trim_start().starts_with(letter))
                .map(|r| r.funds.get("total").unwrap_or_default())
                .sum()
        };
        let sme: Decimal = match &table.total {
            Some(total) if total.sme_reserved.is_some() => total.sme_reserved.unwrap_or_default(),
            _ => table.rows.iter().filter_map(|r| r.sme_reserved).sum(),
        };
        format!(
            "{head}，其中：货物类{}，工程类{}，服务类{}；预留中小企业份额{}。具体内容见下表。",
            wan(kind_total('A')),
            wan(kind_total('B')),
            wan(kind_total('C')),
            wan(sme)
        )
    }

    /// 国有资产: 上年末 total and its categories from the asset table; 拟购置 is a slot (no table holds it).
    fn assets(&self) -> String {
        let assets = &self.project.assets;
        let Some(total) = assets.total.value else {
            return format!(
                "{}（含所属单位）上年末固定资产金额为{}（详见下表）。本年度拟购置固定资产总额为{}。",
                self.unit(),
                slot("上年末固定资产金额"),
                slot("拟购置固定资产总额")
            );
        };
        let mut text = format!("{}（含所属单位）上年末固定资产金额为{}（详见下表）", self.unit(), wan_stated(total));
        // The lines the edition names in this sentence, by their nouns, in the edition's order.
        let parts: Vec<String> = self
            .edition
            .assets
            .lines
            .iter()
            .filter(|template| !template.noun.is_empty())
            .filter_map(|template| {
                let line = assets.line(&template.key)?;
                line.value.filter(|v| !v.is_zero()).map(|v| format!("{}{}", template.noun, wan_stated(v)))
            })
            .collect();
        if !parts.is_empty() {
            text.push_str(&format!("，其中：{}", parts.join("，")));
        }
        let listed = if self.project.procurement.rows.is_empty() {
            "不在政府采购预算体现"
        } else {
            "已按要求列入政府采购预算，详见政府采购预算表"
        };
        text.push_str(&format!("。本年度拟购置固定资产总额为{}，{listed}。", slot("拟购置固定资产总额")));
        text
    }
}

/// The 比上年 clause: “较上年997.25万元增加9.54万元”, “与上年持平”, or a slot without a prior figure.
fn compare(current: Decimal, previous: Option<Decimal>) -> String {
    match previous {
        None => format!("较上年{}", slot("增减情况")),
        Some(previous) if previous == current => "与上年持平".into(),
        Some(previous) if current > previous => format!("较上年{}增加{}", wan(previous), wan(current - previous)),
        Some(previous) => format!("较上年{}减少{}", wan(previous), wan(previous - current)),
    }
}

/// “一、一般公共预算拨款收入” → “一般公共预算拨款收入”.
fn strip_numbering(label: &str) -> &str {
    label.split_once('、').map_or(label, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_found_as_written() {
        assert_eq!(
            slots("原因是【请填写增减原因】。较上年【请填写增减情况】"),
            ["【请填写增减原因】", "【请填写增减情况】"]
        );
        assert_eq!(slots("无空位【注】"), Vec::<&str>::new());
        assert_eq!(slots("未闭合【请填写原因"), ["【请填写原因"]);
    }

    #[test]
    fn money_is_two_decimals_of_wan() {
        assert_eq!(wan(Decimal::new(255, 1)), "25.50万元");
        assert_eq!(wan(Decimal::ZERO), "0.00万元");
        assert_eq!(wan_stated(Decimal::new(42074804, 5)), "420.74804万元");
    }
}
