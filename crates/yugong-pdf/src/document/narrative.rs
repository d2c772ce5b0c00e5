//! 第一部分, the 情况说明: the edition's sections in order with the project's texts, the duties,
//! and the procurement and asset tables that sit inside the narrative.

use super::tables::table_spec;
use super::{Builder, KEEP_WITH_HEADING, SUBHEADING_HEIGHT, amount_text, numbered, part_title_style, stated_money};
use crate::layout::{Cell, PageGeometry, TextStyle};
use yugong_core::catalog::{NarrativePart, SectionTemplate};
use yugong_core::model::NarrativeSection;

impl Builder<'_, '_> {
    // ---- 第一部分 ----

    pub(super) fn part_one(&mut self) {
        let project = self.project;
        self.flow.new_page(PageGeometry::a4_portrait());
        let title =
            format!("{}{}年{}预算信息公开情况说明", project.meta.unit_name, project.meta.budget_year, self.entity());
        let part_style = part_title_style(4.0);
        self.flow.bookmark("第一部分  情况说明", 0);
        self.flow.paragraph("第一部分", &part_style);
        self.flow.paragraph(&title, &TextStyle { space_after: 14.0, ..part_style });
        self.text(&project.narrative.preamble);
        let sections = self.edition.sections.clone();
        for (index, section) in sections.iter().enumerate() {
            self.section(section, 0, index + 1);
        }
    }

    fn section(&mut self, section: &SectionTemplate, depth: usize, number: usize) {
        let title = section.title.replace("{entity}", self.entity());
        let heading = numbered(depth, number, &title);
        if section.part == NarrativePart::Procurement {
            // The procurement table has sixteen columns: the section goes on landscape pages of
            // its own, heading and text with the table.
            self.flow.new_page(PageGeometry::a4_landscape());
        }
        // Outline levels: 0 parts, 1 sections, 2 their children, and tables one below their section.
        let level = u8::try_from(depth + 1).unwrap_or(u8::MAX);
        // A section that opens with a subheading keeps room for it as well: a heading never ends
        // a page, not even followed by another heading.
        let opens_with_heading = match section.part {
            NarrativePart::Performance | NarrativePart::DepartmentGoals => true,
            NarrativePart::Overview => self.project.narrative.overview.intro.trim().is_empty(),
            _ => false,
        };
        let keep = if opens_with_heading { KEEP_WITH_HEADING + SUBHEADING_HEIGHT } else { KEEP_WITH_HEADING };
        self.heading_keeping(&heading, depth, Some(level), keep);
        let narrative = &self.project.narrative;
        match section.part {
            NarrativePart::Duties => self.duties(level + 1),
            NarrativePart::Overview => {
                let overview = &narrative.overview;
                self.text(&overview.intro);
                let parts = [
                    NarrativeSection::OverviewIncome,
                    NarrativeSection::OverviewExpense,
                    NarrativeSection::OverviewChange,
                ];
                for (n, part) in parts.into_iter().enumerate() {
                    self.heading(&numbered(depth + 1, n + 1, part.heading()), depth + 1, None);
                    self.text_or_none(part.text(&self.project.narrative).unwrap_or_default());
                }
            }
            NarrativePart::OperatingCosts => self.text_or_none(&narrative.operating_costs),
            NarrativePart::ThreePublic => self.text_or_none(&narrative.three_public),
            NarrativePart::Performance => {}
            NarrativePart::DepartmentGoals => self.department_goals(depth),
            NarrativePart::SpecialFunds => self.text_or_none(&narrative.special_funds),
            NarrativePart::ProjectGoals => self.project_goals(level + 1),
            NarrativePart::Procurement => {
                self.text(&narrative.procurement);
                self.procurement(level + 1);
            }
            NarrativePart::Assets => {
                self.text(&narrative.assets);
                self.assets(level + 1);
            }
            NarrativePart::Glossary => {
                if narrative.glossary.is_empty() {
                    self.text("无。");
                }
                for (n, entry) in narrative.glossary.iter().enumerate() {
                    self.text(&format!("{}、{}：{}", n + 1, entry.term, entry.definition));
                }
            }
            NarrativePart::OtherMatters => self.text_or_none(&narrative.other_matters),
        }
        for (index, child) in section.children.iter().enumerate() {
            self.section(child, depth + 1, index + 1);
        }
    }

    fn duties(&mut self, outline_level: u8) {
        let narrative = &self.project.narrative;
        self.text(&narrative.duties.intro);
        for item in &narrative.duties.items {
            self.text(item);
        }
        if narrative.sub_units.is_empty() {
            return;
        }
        self.text("机构设置：");
        let caption = format!("{}机构设置情况", self.entity());
        self.table_caption(&caption);
        self.flow.bookmark(&caption, outline_level);
        let header = vec![vec![
            Cell::center("单位名称"),
            Cell::center("单位性质"),
            Cell::center("单位规格"),
            Cell::center("经费保障形式"),
        ]];
        let body = narrative
            .sub_units
            .iter()
            .map(|unit| {
                vec![
                    Cell::left(&unit.name),
                    Cell::center(&unit.nature),
                    Cell::center(&unit.rank),
                    Cell::center(&unit.funding),
                ]
            })
            .collect();
        self.flow.table(&table_spec(vec![3.0, 1.0, 1.0, 1.6], header, body));
        self.flow.space(6.0);
    }

    fn procurement(&mut self, outline_level: u8) {
        let project = self.project;
        let template = &self.edition.procurement;
        let table = &project.procurement;
        self.table_caption(&template.title);
        self.flow.bookmark(&template.title, outline_level);
        self.three_part_line(&self.unit_line(), "", &format!("单位：{}", project.meta.money_unit.label()), 9.0);
        let funds = &template.fund_columns;
        let mut weights = vec![1.6, 0.9, 1.4, 0.9, 0.6, 0.6, 0.8];
        weights.extend(funds.iter().map(|_| 0.9));
        weights.push(0.9);
        let mut top = vec![
            Cell::center("政府采购项目来源").span(2, 1),
            Cell::center("采购物品名称").span(1, 2),
            Cell::center("政府采购目录序号").span(1, 2),
            Cell::center("计量单位").span(1, 2),
            Cell::center("数量").span(1, 2),
            Cell::center("单价").span(1, 2),
            Cell::center(&template.amount_header).span(funds.len(), 1),
        ];
        top.push(Cell::center(format!("{}年预留中小微企业份额", project.meta.budget_year)).span(1, 2));
        let mut second = vec![Cell::center("项目名称"), Cell::center("预算资金")];
        second.extend(funds.iter().map(|c| Cell::center(c.header.join(""))));
        let mut body = Vec::new();
        if let Some(total) = &table.total {
            let mut row = vec![
                Cell::center("合计"),
                Cell::right(amount_text(total.project_budget)),
                Cell::left(""),
                Cell::left(""),
                Cell::left(""),
                Cell::left(""),
                Cell::left(""),
            ];
            row.extend(funds.iter().map(|c| Cell::right(amount_text(total.funds.get(&c.key)))));
            row.push(Cell::right(amount_text(total.sme_reserved)));
            body.push(row);
        }
        for item in &table.rows {
            let mut row = vec![
                Cell::left(&item.project),
                Cell::right(amount_text(item.project_budget)),
                Cell::left(&item.item),
                Cell::center(&item.catalog_code),
                Cell::center(&item.unit),
                Cell::right(item.quantity.map(|q| q.to_string()).unwrap_or_default()),
                Cell::right(stated_money(item.unit_price)),
            ];
            row.extend(funds.iter().map(|c| Cell::right(amount_text(item.funds.get(&c.key)))));
            row.push(Cell::right(amount_text(item.sme_reserved)));
            body.push(row);
        }
        if body.is_empty() {
            // An empty table still shows one blank row under its header, as published.
            body.push((0..weights.len()).map(|_| Cell::left("")).collect());
        }
        self.flow.table(&table_spec(weights, vec![top, second], body));
        let mut notes = table.notes.clone();
        if table.rows.is_empty() && table.total.is_none() && notes.iter().all(|n| !n.contains("空表")) {
            notes.push(template.empty_note.clone());
        }
        self.notes(&notes);
        self.flow.new_page(PageGeometry::a4_portrait());
    }

    fn assets(&mut self, outline_level: u8) {
        let project = self.project;
        let assets = &project.assets;
        let title = if assets.title.is_empty() { self.edition.assets.title.clone() } else { assets.title.clone() };
        self.table_caption(&title);
        self.flow.bookmark(&title, outline_level);
        let as_of = if assets.as_of.is_empty() { String::new() } else { format!("截止时间：{}", assets.as_of) };
        self.three_part_line(&self.unit_line(), "", &as_of, 9.0);
        let header = vec![vec![
            Cell::center("项    目"),
            Cell::center("数量"),
            Cell::center(format!("价值（金额单位：{}）", project.meta.money_unit.label())),
        ]];
        let lines = assets.lines();
        let body = self
            .edition
            .assets
            .lines
            .iter()
            .map(|template| {
                let line = lines.iter().find(|(key, _)| *key == template.key).map(|(_, line)| *line);
                let quantity = line.and_then(|l| l.quantity).map(|q| q.to_string()).unwrap_or_default();
                let value = stated_money(line.and_then(|l| l.value));
                vec![
                    Cell::left(&template.label).indent(f32::from(template.indent) * 2.0),
                    Cell::right(quantity),
                    Cell::right(value),
                ]
            })
            .collect();
        self.flow.table(&table_spec(vec![3.0, 1.0, 1.6], header, body));
        self.flow.space(6.0);
    }
}
