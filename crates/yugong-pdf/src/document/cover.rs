//! The cover (title, unit, date) and the 目录 with dot leaders and page numbers.

use super::{CalendarDate, document_title};
use crate::layout::{Align, Face, Flow, PageGeometry, TextStyle};
use yugong_core::model::Project;

pub(super) fn cover(flow: &mut Flow, project: &Project, date: CalendarDate) {
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
pub(super) fn contents(flow: &mut Flow, entries: &[(String, u8, usize)], page_offset: usize) {
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
