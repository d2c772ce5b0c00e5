//! The disclosure as pages: cover, 目录, 第一部分 情况说明, 第二部分 the nine tables.
//!
//! Turns a [`Project`] and its edition into layout blocks (paragraphs, headings, ruled tables).
//! Prints what the project states: stated totals, stated titles and notes. Derived cells are not
//! recomputed here, because a draft printed for review must show the numbers the audit talks
//! about; the one addition is the edition's 空表 note under a table that has no amounts and no
//! note of its own (the audit reports the missing note as well).

use rust_decimal::Decimal;

use super::PdfError;
use super::layout::{
    Align, Cell, Document, Face, Flow, Metrics, PageGeometry, TableSpec, TextStyle, add_page_numbers, append,
};
use yugong_core::catalog::{
    Catalog, Classification, Column, Edition, Layout, NarrativePart, RowInfo, SectionTemplate, edition::chinese_numeral,
};
use yugong_core::model::{Indicator, Project, ProjectGoal, Row, Table, TableId};

/// A calendar date for the cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const TABLE_FONT: f32 = 9.0;
const TABLE_MIN_FONT: f32 = 6.0;
const BODY_FONT: f32 = 12.0;
/// Room a heading needs below it to stay on its page: five lines of text, or a table caption with
/// the table's header and first row (a section that opens with a goal table).
const KEEP_WITH_HEADING: f32 = 100.0;
/// A subheading's height with the space around it.
const SUBHEADING_HEIGHT: f32 = 32.0;

/// 一般 amounts: two decimals, blank for zero or blank.
pub fn amount_text(value: Option<Decimal>) -> String {
    match value {
        Some(v) if !v.is_zero() => format!("{:.2}", v.round_dp(2)),
        _ => String::new(),
    }
}

/// Money printed with at least two decimals but never rounded: a unit price or an asset value
/// keeps the precision the document states (广阳: 420.74804 万元).
pub fn stated_money(value: Option<Decimal>) -> String {
    match value {
        Some(v) if !v.is_zero() && v.scale() < 2 => format!("{:.2}", v),
        Some(v) if !v.is_zero() => v.to_string(),
        _ => String::new(),
    }
}

/// The document title used on the cover, in the metadata and in the 第一部分 heading.
pub fn document_title(project: &Project) -> String {
    format!("{}{}年{}预算", project.meta.unit_name, project.meta.budget_year, project.meta.entity.word())
}

/// Lays out the whole document.
pub fn build(project: &Project, metrics: &dyn Metrics, date: CalendarDate) -> Result<Document, PdfError> {
    let edition = Catalog::get()
        .edition(&project.meta.edition)
        .ok_or_else(|| PdfError::UnknownEdition(project.meta.edition.clone()))?;
    let mut builder = Builder { project, edition, flow: Flow::new(metrics) };
    builder.part_one();
    builder.part_two();
    let body = builder.flow.finish();

    // Front matter: cover and 目录. The 目录's length does not depend on the page numbers it
    // prints, so it is laid out after the body, whose page indices are then shifted.
    let toc_entries: Vec<(String, u8, usize)> =
        body.outline.iter().filter(|e| e.level <= 1).map(|e| (e.title.clone(), e.level, e.page)).collect();
    let mut front = Flow::new(metrics);
    cover(&mut front, project, date);
    let toc_page_count = {
        let mut trial = Flow::new(metrics);
        trial.new_page(PageGeometry::a4_portrait());
        contents(&mut trial, &toc_entries, 0);
        trial.finish().pages.len()
    };
    let body_offset = 1 + toc_page_count;
    front.new_page(PageGeometry::a4_portrait());
    front.bookmark("目录", 0);
    contents(&mut front, &toc_entries, body_offset);
    let mut document = front.finish();
    append(&mut document, body);
    // Physical page numbers, so that the printed number is the one a PDF viewer shows; the cover
    // carries none.
    add_page_numbers(&mut document, metrics, 1, |index| format!("— {} —", index + 1));
    Ok(document)
}

fn cover(flow: &mut Flow, project: &Project, date: CalendarDate) {
    flow.new_page(PageGeometry::a4_portrait());
    let geometry = flow.geometry();
    flow.set_cursor(geometry.height * 0.28);
    let centered = |size: f32, face: Face| TextStyle {
        face,
        size,
        leading: 1.5,
        align: Align::Center,
        first_indent: 0.0,
        indent: 0.0,
        space_before: 0.0,
        space_after: size * 0.8,
    };
    flow.paragraph(&project.meta.unit_name, &centered(26.0, Face::SansBold));
    flow.paragraph(
        &format!("{}年{}预算", project.meta.budget_year, project.meta.entity.word()),
        &centered(26.0, Face::SansBold),
    );
    flow.set_cursor(geometry.height * 0.72);
    flow.paragraph(&format!("{}年{}月{}日", date.year, date.month, date.day), &centered(16.0, Face::Serif));
    flow.bookmark(&document_title(project), 0);
}

/// The 目录: one line per part, section and table, with dot leaders and the page number.
fn contents(flow: &mut Flow, entries: &[(String, u8, usize)], page_offset: usize) {
    let heading = TextStyle {
        face: Face::SansBold,
        size: 20.0,
        leading: 1.5,
        align: Align::Center,
        first_indent: 0.0,
        indent: 0.0,
        space_before: 0.0,
        space_after: 16.0,
    };
    flow.paragraph("目    录", &heading);
    let size = 12.0;
    let line_height = size * 1.9;
    let width = flow.geometry().content_width();
    let left = flow.geometry().margin_left;
    for (title, level, page) in entries {
        if flow.cursor() + line_height > flow.geometry().content_bottom() {
            flow.new_page(PageGeometry::a4_portrait());
        }
        let number = (page + page_offset + 1).to_string();
        let face = if *level == 0 { Face::SansBold } else { Face::Serif };
        let indent = f32::from(*level) * 2.0 * size;
        let style = TextStyle {
            face,
            size,
            leading: 1.9,
            align: Align::Left,
            first_indent: 0.0,
            indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
        };
        let number_width = flow.measure(&number, Face::Serif, size);
        // Titles longer than the line are cut with an ellipsis: the 目录 keeps one line per entry.
        let title_room = width - indent - number_width - 3.0 * size;
        let shown = fit_one_line(flow, title, face, size, title_room);
        let title_width = flow.measure(&shown, face, size);
        let y = flow.cursor();
        flow.place_line(&shown, &style, left + indent, y, width - indent);
        let dots_from = left + indent + title_width + size * 0.5;
        let dots_to = left + width - number_width - size * 0.5;
        let dot_width = flow.measure("·", Face::Serif, size).max(1.0);
        let count = ((dots_to - dots_from) / dot_width).floor().max(0.0) as usize;
        let dots = "·".repeat(count);
        let dots_style = TextStyle { face: Face::Serif, align: Align::Right, ..style };
        flow.place_line(&dots, &dots_style, dots_from, y, dots_to - dots_from);
        let number_style = TextStyle { face: Face::Serif, align: Align::Right, ..style };
        flow.place_line(&number, &number_style, left, y, width);
        flow.set_cursor(y + line_height);
    }
}

fn fit_one_line(flow: &Flow, text: &str, face: Face, size: f32, room: f32) -> String {
    if flow.measure(text, face, size) <= room {
        return text.to_string();
    }
    let mut shown = String::new();
    for ch in text.chars() {
        shown.push(ch);
        if flow.measure(&format!("{shown}……"), face, size) > room {
            shown.pop();
            break;
        }
    }
    format!("{shown}……")
}

struct Builder<'p, 'm> {
    project: &'p Project,
    edition: &'p Edition,
    flow: Flow<'m>,
}

/// Section numbers by depth: 一、 （一） 1． （1）.
fn numbered(depth: usize, n: usize, title: &str) -> String {
    match depth {
        0 => format!("{}、{title}", chinese_numeral(n)),
        1 => format!("（{}）{title}", chinese_numeral(n)),
        2 => format!("{n}．{title}"),
        _ => format!("（{n}）{title}"),
    }
}

impl Builder<'_, '_> {
    fn entity(&self) -> &'static str {
        self.project.meta.entity.word()
    }

    /// “部门：” before the unit above each table; a 单位预算 says “单位名称：”, because “单位：”
    /// already introduces the money unit on the same line.
    fn unit_label(&self) -> &'static str {
        match self.project.meta.entity {
            yugong_core::model::Entity::Department => "部门：",
            yugong_core::model::Entity::Unit => "单位名称：",
        }
    }

    fn unit_line(&self) -> String {
        self.project.meta.unit_line()
    }

    fn heading(&mut self, text: &str, depth: usize, outline_level: Option<u8>) {
        self.heading_keeping(text, depth, outline_level, KEEP_WITH_HEADING);
    }

    /// A heading that keeps `keep_below` points of room below it on its page.
    fn heading_keeping(&mut self, text: &str, depth: usize, outline_level: Option<u8>, keep_below: f32) {
        let (size, face, align) = match depth {
            0 => (14.0, Face::SansBold, Align::Left),
            1 => (12.5, Face::SansBold, Align::Left),
            _ => (12.0, Face::SansBold, Align::Left),
        };
        let style = TextStyle {
            face,
            size,
            leading: 1.6,
            align,
            first_indent: if depth == 0 { 0.0 } else { 2.0 },
            indent: 0.0,
            space_before: size * 0.6,
            space_after: size * 0.2,
        };
        self.flow.paragraph_keeping(text, &style, keep_below);
        if let Some(level) = outline_level {
            // Recorded after the heading is placed: the page it landed on.
            self.flow.bookmark(text, level);
        }
    }

    fn text(&mut self, text: &str) {
        let style = TextStyle::body(BODY_FONT);
        for paragraph in text.split('\n').filter(|p| !p.trim().is_empty()) {
            self.flow.paragraph(paragraph.trim(), &style);
        }
    }

    fn text_or_none(&mut self, text: &str) {
        if text.trim().is_empty() { self.text("无。") } else { self.text(text) }
    }

    /// A small bold title centred above a table inside the narrative.
    fn table_caption(&mut self, text: &str) {
        let style = TextStyle {
            face: Face::SansBold,
            size: 12.0,
            leading: 1.5,
            align: Align::Center,
            first_indent: 0.0,
            indent: 0.0,
            space_before: 6.0,
            space_after: 2.0,
        };
        self.flow.paragraph_keeping(text, &style, 60.0);
    }

    /// A line of up to three parts: left, centre, right (the unit line above tables).
    fn three_part_line(&mut self, left: &str, center: &str, right: &str, size: f32) {
        let geometry = self.flow.geometry();
        let line_height = size * 1.6;
        if self.flow.cursor() + line_height * 3.0 > geometry.content_bottom() {
            self.flow.new_page(geometry);
        }
        let y = self.flow.cursor();
        let style = |align| TextStyle {
            face: Face::Serif,
            size,
            leading: 1.6,
            align,
            first_indent: 0.0,
            indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
        };
        let (x, width) = (geometry.margin_left, geometry.content_width());
        let measure = |text: &str| self.flow.measure(text, Face::Serif, size);
        let (left_width, center_width, right_width) = (measure(left), measure(center), measure(right));
        let gap = size;
        let half = width / 2.0;
        let one_line = left_width + gap + center_width / 2.0 <= half && right_width + gap + center_width / 2.0 <= half;
        if one_line {
            self.flow.place_line(left, &style(Align::Left), x, y, width);
            self.flow.place_line(center, &style(Align::Center), x, y, width);
            self.flow.place_line(right, &style(Align::Right), x, y, width);
            self.flow.set_cursor(y + line_height);
        } else {
            // A long unit name would run into the year: it gets a line (or more) of its own.
            self.flow.paragraph(left, &style(Align::Left));
            let y = self.flow.cursor();
            self.flow.place_line(center, &style(Align::Left), x, y, width);
            self.flow.place_line(right, &style(Align::Right), x, y, width);
            self.flow.set_cursor(y + line_height);
        }
    }

    fn notes(&mut self, notes: &[String]) {
        let style = TextStyle {
            face: Face::Serif,
            size: 10.0,
            leading: 1.5,
            align: Align::Justify,
            first_indent: 0.0,
            indent: 0.0,
            space_before: 3.0,
            space_after: 0.0,
        };
        for note in notes {
            self.flow.paragraph(note, &style);
        }
    }

    // ---- 第一部分 ----

    fn part_one(&mut self) {
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
                    ("收入说明", &overview.income),
                    ("支出说明", &overview.expense),
                    ("与上年增减情况", &overview.change),
                ];
                for (n, (label, text)) in parts.into_iter().enumerate() {
                    self.heading(&numbered(depth + 1, n + 1, label), depth + 1, None);
                    self.text_or_none(text);
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

    fn department_goals(&mut self, depth: usize) {
        let goals = &self.project.narrative.department_goals;
        self.heading(&numbered(depth + 1, 1, "总体绩效目标"), depth + 1, None);
        self.text_or_none(&goals.overall);
        self.heading(&numbered(depth + 1, 2, "分项绩效目标"), depth + 1, None);
        self.text(&goals.items_intro);
        if goals.items.is_empty() {
            self.text("无。");
        }
        let label_style = TextStyle { face: Face::SansBold, ..TextStyle::body(BODY_FONT) };
        for (n, item) in goals.items.iter().enumerate() {
            self.flow.paragraph_keeping(&format!("{}、{}", n + 1, item.title), &label_style, BODY_FONT * 1.6);
            if !item.goal.is_empty() {
                self.text(&format!("绩效目标：{}", item.goal));
            }
            if !item.indicator.is_empty() {
                self.text(&format!("绩效指标：{}", item.indicator));
            }
        }
        self.heading(&numbered(depth + 1, 3, "工作保障措施"), depth + 1, None);
        self.text_or_none(&goals.safeguards);
        if !goals.indicators.is_empty() {
            self.heading(&numbered(depth + 1, 4, "整体支出绩效指标"), depth + 1, None);
            let spec = indicator_table(&goals.indicators, true);
            self.flow.table(&spec);
            self.flow.space(6.0);
        }
    }

    fn project_goals(&mut self, outline_level: u8) {
        let goals = &self.project.goals;
        if goals.is_empty() {
            self.text("无。");
            return;
        }
        for (n, goal) in goals.iter().enumerate() {
            let caption = format!("{}、{}绩效目标表", n + 1, goal.name);
            // Each goal table starts on a new page when less than a third of the page is left;
            // not the first, which follows its section heading (the caption keeps with the table).
            let geometry = self.flow.geometry();
            let lower_third = geometry.margin_top + (geometry.content_bottom() - geometry.margin_top) * 0.66;
            if n > 0 && self.flow.cursor() > lower_third {
                self.flow.new_page(geometry);
            }
            self.table_caption(&caption);
            self.flow.bookmark(&caption, outline_level);
            if self.edition.goals.header_block {
                self.three_part_line("", "", &format!("单位：{}", self.project.meta.money_unit.label()), 9.0);
            }
            self.flow.table(&goal_header_table(goal, self.edition.goals.header_block));
            if !goal.indicators.is_empty() {
                self.flow.table(&indicator_table(&goal.indicators, false));
            }
            self.flow.space(10.0);
        }
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

    // ---- 第二部分 ----

    fn part_two(&mut self) {
        let project = self.project;
        let part_title = format!("{}{}年{}预算公开表", project.meta.unit_name, project.meta.budget_year, self.entity());
        for (index, id) in TableId::ALL.into_iter().enumerate() {
            let table = project.tables.get(id);
            let spec = self.standard_table(id, table);
            let landscape = matches!(id, TableId::Income | TableId::FiscalSummary) || spec.column_weights.len() > 10;
            self.flow.new_page(if landscape {
                PageGeometry::a4_landscape()
            } else {
                PageGeometry::a4_portrait_tables()
            });
            if index == 0 {
                self.flow.bookmark("第二部分  预算公开表", 0);
                let style = part_title_style(10.0);
                self.flow.paragraph(&format!("第二部分  {part_title}"), &style);
            }
            let title = if table.title.is_empty() { self.edition.table(id).title.clone() } else { table.title.clone() };
            self.flow.bookmark(&title, 1);
            let title_style = TextStyle {
                face: Face::SansBold,
                size: 16.0,
                leading: 1.6,
                align: Align::Center,
                first_indent: 0.0,
                indent: 0.0,
                space_before: 0.0,
                space_after: 6.0,
            };
            self.flow.paragraph(&title, &title_style);
            self.three_part_line(
                &format!("{}{}", self.unit_label(), self.unit_line()),
                &format!("预算年度：{}", project.meta.budget_year),
                &format!("单位：{}", project.meta.money_unit.label()),
                9.0,
            );
            self.flow.table(&spec);
            let mut notes = table.notes.clone();
            let empty_note = &self.edition.table(id).empty_note;
            if table.has_no_amounts() && notes.is_empty() && !empty_note.is_empty() {
                notes.push(empty_note.clone());
            }
            self.notes(&notes);
        }
    }

    fn standard_table(&self, id: TableId, table: &Table) -> TableSpec {
        match &self.edition.table(id).layout {
            Layout::Classified { classification, columns } => classified_table(*classification, columns, table),
            Layout::Fixed { label_header, columns, rows } => {
                let infos: Vec<RowInfo> = rows
                    .iter()
                    .map(|r| RowInfo { id: r.id.clone(), label: r.label.clone(), indent: r.indent })
                    .collect();
                fixed_table(label_header, columns, &infos, table)
            }
            Layout::TwoSided { left, right, .. } => {
                let left_items = self.edition.side_items(id, true);
                let right_items = self.edition.side_items(id, false);
                let footer: Vec<(Option<RowInfo>, Option<RowInfo>)> = match &self.edition.table(id).layout {
                    Layout::TwoSided { footer, .. } => footer
                        .iter()
                        .map(|pair| {
                            let info = |r: &yugong_core::catalog::FixedRow| RowInfo {
                                id: r.id.clone(),
                                label: r.label.clone(),
                                indent: r.indent,
                            };
                            (pair.left.as_ref().map(info), pair.right.as_ref().map(info))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                two_sided_table(
                    (&left.header, &left.label_header, &left.columns, left_items),
                    (&right.header, &right.label_header, &right.columns, right_items),
                    &footer,
                    table,
                )
            }
        }
    }
}

fn table_spec(weights: Vec<f32>, header: Vec<Vec<Cell>>, body: Vec<Vec<Cell>>) -> TableSpec {
    TableSpec { column_weights: weights, header, body, font_size: TABLE_FONT, min_font_size: TABLE_MIN_FONT }
}

/// Header rows for amount columns with multi-level headers, merging equal neighbours. Returns,
/// per header row, the cells of the amount columns (in column order) for `depth` rows.
fn amount_headers(columns: &[&Column], depth: usize) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); depth];
    for (level, row) in rows.iter_mut().enumerate() {
        let mut index = 0;
        while index < columns.len() {
            let header = &columns[index].header;
            if header.len() <= level {
                index += 1;
                continue;
            }
            let is_last_level = level + 1 == header.len();
            let mut span = 1;
            if !is_last_level {
                while index + span < columns.len() {
                    let next = &columns[index + span].header;
                    if next.len() > level + 1 && next[..=level] == header[..=level] {
                        span += 1;
                    } else {
                        break;
                    }
                }
            }
            let row_span = if is_last_level { depth - level } else { 1 };
            row.push(Cell::center(header[level].clone()).span(span, row_span));
            index += span;
        }
    }
    rows
}

/// The 栏次 row: “栏次” then the column numbers.
fn column_number_row(columns: usize) -> Vec<Cell> {
    let mut row = vec![Cell::center("栏次")];
    row.extend((1..columns).map(|n| Cell::center(n.to_string())));
    row
}

fn amount_cells(row: Option<&Row>, columns: &[&Column]) -> Vec<Cell> {
    columns.iter().map(|c| Cell::right(amount_text(row.and_then(|r| r.cells.get(&c.key))))).collect()
}

/// 收入总表, 支出总表, tables 5–8: 合计 and classification rows with code, name and amounts.
fn classified_table(classification: Classification, columns: &[Column], table: &Table) -> TableSpec {
    let columns: Vec<&Column> = columns.iter().collect();
    let depth = columns.iter().map(|c| c.header.len()).max().unwrap_or(1).max(2);
    let mut header = amount_headers(&columns, depth);
    header[0].insert(0, Cell::center("序号").span(1, depth));
    header[0].insert(1, Cell::center(classification.header()).span(2, depth - 1));
    header[depth - 1].insert(0, Cell::center("科目编码"));
    header[depth - 1].insert(1, Cell::center("科目名称"));
    header.push(column_number_row(columns.len() + 3));
    let body = table
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let mut cells = vec![Cell::center((index + 1).to_string())];
            if row.is_coded() {
                // 类 / 款 / 项 by code length: 3 / 5 / 7 digits.
                let level = match row.id.len() {
                    0..=3 => 0.0,
                    4..=5 => 1.0,
                    _ => 2.0,
                };
                cells.push(Cell::left(&row.id));
                cells.push(Cell::left(&row.name).indent(level));
            } else {
                cells.push(Cell::left(""));
                cells.push(Cell::center(&row.name));
            }
            cells.extend(amount_cells(Some(row), &columns));
            cells
        })
        .collect();
    let mut weights = vec![0.45, 0.85, 2.4];
    weights.extend(columns.iter().map(|_| 1.0));
    table_spec(weights, header, body)
}

/// The 三公 table: fixed rows with indentation.
fn fixed_table(label_header: &str, columns: &[Column], rows: &[RowInfo], table: &Table) -> TableSpec {
    let columns: Vec<&Column> = columns.iter().collect();
    let depth = columns.iter().map(|c| c.header.len()).max().unwrap_or(1);
    let mut header = amount_headers(&columns, depth);
    header[0].insert(0, Cell::center("序号").span(1, depth));
    header[0].insert(1, Cell::center(label_header).span(1, depth));
    header.push(column_number_row(columns.len() + 2));
    let body = rows
        .iter()
        .enumerate()
        .map(|(index, info)| {
            let stated = table.row(&info.id);
            let label = stated.map_or(info.label.as_str(), |r| r.name.as_str());
            // 其中 rows: the second sub-item lines up after “其中：”.
            let indent = match info.indent {
                0 => 0.0,
                1 => 1.0,
                _ => 4.0,
            };
            let mut cells = vec![Cell::center((index + 1).to_string()), Cell::left(label).indent(indent)];
            cells.extend(amount_cells(stated, &columns));
            cells
        })
        .collect();
    let mut weights = vec![0.45, 3.2];
    weights.extend(columns.iter().map(|_| 1.2));
    table_spec(weights, header, body)
}

type SideSpec<'a> = (&'a str, &'a str, &'a [Column], &'a [RowInfo]);

/// 收支总表 and 财政拨款收支总表: income on the left, expenditure on the right, then the paired
/// footer rows.
fn two_sided_table(
    left: SideSpec,
    right: SideSpec,
    footer: &[(Option<RowInfo>, Option<RowInfo>)],
    table: &Table,
) -> TableSpec {
    let (left_header, left_label, left_columns, left_items) = left;
    let (right_header, right_label, right_columns, right_items) = right;
    let left_columns: Vec<&Column> = left_columns.iter().collect();
    let right_columns: Vec<&Column> = right_columns.iter().collect();
    let mut top = vec![Cell::center("序号").span(1, 2)];
    top.push(Cell::center(left_header).span(1 + left_columns.len(), 1));
    top.push(Cell::center(right_header).span(1 + right_columns.len(), 1));
    let mut second = vec![Cell::center(left_label)];
    second.extend(left_columns.iter().map(|c| Cell::center(c.header.join(""))));
    second.push(Cell::center(right_label));
    second.extend(right_columns.iter().map(|c| Cell::center(c.header.join(""))));
    let total_columns = 3 + left_columns.len() + right_columns.len();
    let header = vec![top, second, column_number_row(total_columns)];

    let side_cells = |info: Option<&RowInfo>, columns: &[&Column]| -> Vec<Cell> {
        match info {
            Some(info) => {
                let stated = table.row(&info.id);
                let label = stated.map_or(info.label.as_str(), |r| r.name.as_str());
                let is_total = info.id.ends_with("total");
                let label_cell =
                    if is_total { Cell::center(label) } else { Cell::left(label).indent(f32::from(info.indent) * 2.0) };
                let mut cells = vec![label_cell];
                cells.extend(amount_cells(stated, columns));
                cells
            }
            None => (0..=columns.len()).map(|_| Cell::left("")).collect(),
        }
    };
    let mut body = Vec::new();
    let item_rows = left_items.len().max(right_items.len());
    let pairs =
        (0..item_rows).map(|i| (left_items.get(i).cloned(), right_items.get(i).cloned())).chain(footer.iter().cloned());
    for (index, (left_info, right_info)) in pairs.enumerate() {
        let mut cells = vec![Cell::center((index + 1).to_string())];
        cells.extend(side_cells(left_info.as_ref(), &left_columns));
        cells.extend(side_cells(right_info.as_ref(), &right_columns));
        body.push(cells);
    }
    let mut weights = vec![0.45, 2.6];
    weights.extend(left_columns.iter().map(|_| 1.0));
    weights.push(2.6);
    weights.extend(right_columns.iter().map(|_| 1.0));
    table_spec(weights, header, body)
}

/// The block above a project's indicators: 绩效目标 (2022), or with the 2024 header fields.
fn goal_header_table(goal: &ProjectGoal, header_block: bool) -> TableSpec {
    if !header_block {
        let body = vec![vec![Cell::center("绩效目标"), Cell::left(&goal.goal)]];
        return table_spec(vec![1.0, 5.0], Vec::new(), body);
    }
    let plan = goal.plan.quarters();
    let body = vec![
        vec![Cell::center("项目编码"), Cell::left(&goal.code).span(6, 1)],
        vec![Cell::center("项目名称"), Cell::left(&goal.name).span(6, 1)],
        vec![
            Cell::center("预算规模及资金用途").span(1, 2),
            Cell::center("预算数"),
            Cell::right(amount_text(goal.budget)),
            Cell::center("其中：财政资金"),
            Cell::right(amount_text(goal.fiscal_funds)),
            Cell::center("其他资金"),
            Cell::right(amount_text(goal.other_funds)),
        ],
        vec![Cell::center("资金用途"), Cell::left(&goal.purpose).span(5, 1)],
        vec![
            Cell::center("资金支出计划（%）").span(1, 2),
            Cell::center("3月底"),
            Cell::center("6月底"),
            Cell::center("10月底").span(2, 1),
            Cell::center("12月底").span(2, 1),
        ],
        vec![
            Cell::right(amount_text(plan[0])),
            Cell::right(amount_text(plan[1])),
            Cell::right(amount_text(plan[2])).span(2, 1),
            Cell::right(amount_text(plan[3])).span(2, 1),
        ],
        vec![Cell::center("绩效目标"), Cell::left(&goal.goal).span(6, 1)],
    ];
    table_spec(vec![1.4, 1.0, 1.0, 1.2, 1.0, 1.0, 1.0], Vec::new(), body)
}

/// Indicator rows with 一级 and 二级 merged over equal neighbours, as published.
fn indicator_table(indicators: &[Indicator], with_scoring: bool) -> TableSpec {
    let mut header = vec![
        Cell::center("一级指标"),
        Cell::center("二级指标"),
        Cell::center("三级指标"),
        Cell::center("绩效指标描述"),
        Cell::center("指标值"),
    ];
    let mut weights = vec![0.9, 1.0, 1.4, 1.9, 1.0];
    if with_scoring {
        header.push(Cell::center("评（扣）分标准"));
        weights.push(1.5);
    }
    header.push(Cell::center("指标值确定依据"));
    weights.push(1.2);
    let run_length = |from: usize, same: &dyn Fn(&Indicator, &Indicator) -> bool| {
        indicators[from..].iter().take_while(|other| same(&indicators[from], other)).count()
    };
    let mut body = Vec::with_capacity(indicators.len());
    let mut level1_until = 0;
    let mut level2_until = 0;
    for (index, indicator) in indicators.iter().enumerate() {
        let mut cells = Vec::new();
        if index >= level1_until {
            let span = run_length(index, &|a, b| a.level1 == b.level1);
            level1_until = index + span;
            cells.push(Cell::center(&indicator.level1).span(1, span));
        }
        if index >= level2_until {
            let span =
                run_length(index, &|a, b| a.level1 == b.level1 && a.level2 == b.level2).min(level1_until - index);
            level2_until = index + span;
            cells.push(Cell::center(&indicator.level2).span(1, span));
        }
        cells.push(Cell::left(&indicator.name));
        cells.push(Cell::left(&indicator.description));
        cells.push(Cell::center(indicator.value.to_string()));
        if with_scoring {
            cells.push(Cell::left(&indicator.scoring));
        }
        cells.push(Cell::left(&indicator.basis));
        body.push(cells);
    }
    table_spec(weights, vec![header], body)
}

/// The centred bold heading of a part (“第二部分  预算公开表”, the 情况说明 title).
fn part_title_style(space_after: f32) -> TextStyle {
    TextStyle {
        face: Face::SansBold,
        size: 16.0,
        leading: 1.5,
        align: Align::Center,
        first_indent: 0.0,
        indent: 0.0,
        space_before: 0.0,
        space_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_two_decimals_and_zero_blank() {
        let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
        assert_eq!(amount_text(d("1006.79")), "1006.79");
        assert_eq!(amount_text(d("20")), "20.00");
        assert_eq!(amount_text(d("0.5")), "0.50");
        assert_eq!(amount_text(d("0.00")), "");
        assert_eq!(amount_text(None), "");
        assert_eq!(amount_text(d("-3.1")), "-3.10");
        assert_eq!(stated_money(d("80")), "80.00");
        assert_eq!(stated_money(d("420.74804")), "420.74804");
        assert_eq!(stated_money(d("0")), "");
    }

    #[test]
    fn section_numbers_by_depth() {
        assert_eq!(numbered(0, 9, "名词解释"), "九、名词解释");
        assert_eq!(numbered(1, 2, "支出说明"), "（二）支出说明");
        assert_eq!(numbered(2, 3, "工作保障措施"), "3．工作保障措施");
        assert_eq!(numbered(3, 1, "x"), "（1）x");
    }
}
