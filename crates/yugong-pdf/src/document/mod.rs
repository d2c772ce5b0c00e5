//! The disclosure as pages: cover, 目录, 第一部分 情况说明, 第二部分 the nine tables.
//!
//! Turns a [`Project`] and its edition into layout blocks (paragraphs, headings, ruled tables).
//! Prints what the project states: stated totals, stated titles and notes. Derived cells are not
//! recomputed here, because a draft printed for review must show the numbers the audit talks
//! about; the one addition is the edition's 空表 note under a table that has no amounts and no
//! note of its own (the audit reports the missing note as well).
//!
//! This file holds the entry point ([`build`]), the builder's shared pieces (headings, body
//! text, the unit line above tables, notes) and number formatting; the parts live beside it:
//! - `cover`: the cover and the 目录;
//! - `narrative`: 第一部分, the 情况说明 with its sections, procurement and asset tables;
//! - `goals`: the 整体绩效目标 and the project goal tables (绩效目标表);
//! - `tables`: 第二部分, the nine standard tables.

use rust_decimal::Decimal;

use crate::PdfError;
use crate::layout::{Align, Document, Face, Flow, Metrics, PageGeometry, TextStyle, add_page_numbers, append};
use yugong_core::catalog::{Catalog, Edition, edition::chinese_numeral};
use yugong_core::model::Project;

mod cover;
mod goals;
mod narrative;
mod tables;

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
    build_with(Catalog::get(), project, metrics, date)
}

/// [`build`] with the editions of `catalog` (the built-in ones and those the user added).
pub fn build_with(
    catalog: &Catalog,
    project: &Project,
    metrics: &dyn Metrics,
    date: CalendarDate,
) -> Result<Document, PdfError> {
    let edition =
        catalog.edition(&project.meta.edition).ok_or_else(|| PdfError::UnknownEdition(project.meta.edition.clone()))?;
    let mut builder = Builder { project, edition, flow: Flow::new(metrics) };
    builder.part_one();
    builder.part_two();
    let body = builder.flow.finish();

    // Front matter: cover and 目录. The 目录's length does not depend on the page numbers it
    // prints, so it is laid out after the body, whose page indices are then shifted.
    let toc_entries: Vec<(String, u8, usize)> =
        body.outline.iter().filter(|e| e.level <= 1).map(|e| (e.title.clone(), e.level, e.page)).collect();
    let mut front = Flow::new(metrics);
    cover::cover(&mut front, project, date);
    let toc_page_count = {
        let mut trial = Flow::new(metrics);
        trial.new_page(PageGeometry::a4_portrait());
        cover::contents(&mut trial, &toc_entries, 0);
        trial.finish().pages.len()
    };
    let body_offset = 1 + toc_page_count;
    front.new_page(PageGeometry::a4_portrait());
    front.bookmark("目录", 0);
    cover::contents(&mut front, &toc_entries, body_offset);
    let mut document = front.finish();
    append(&mut document, body);
    // Physical page numbers, so that the printed number is the one a PDF viewer shows; the cover
    // carries none.
    add_page_numbers(&mut document, metrics, 1, |index| format!("— {} —", index + 1));
    if let Some(text) = document.unplaced.first() {
        return Err(PdfError::TextDoesNotFit(yugong_core::model::amount::shorten(text, 40)));
    }
    Ok(document)
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
