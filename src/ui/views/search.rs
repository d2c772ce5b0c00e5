//! Find (Ctrl+F): the search window and [`search`] over row codes and names, amounts and
//! narrative text.

use eframe::egui;

use crate::audit::Location;
use crate::editing::document::Document;
use crate::model::amount::format_wan;

/// Find (Ctrl+F): row codes and names, amounts, and narrative text.
#[derive(Debug, Default)]
pub struct SearchState {
    pub open: bool,
    /// Put the keyboard in the query box on the next frame (Ctrl+F, 编辑 → 查找).
    focus_query: bool,
    query: String,
    results: Vec<(String, Location)>,
    searched: String,
}

impl SearchState {
    /// Opens the window with the keyboard in its query box, its text selected, so that what
    /// the user types next is the search and never lands in the selected cell.
    pub fn open_for_typing(&mut self) {
        self.open = true;
        self.focus_query = true;
    }
}

pub fn search_window(ctx: &egui::Context, state: &mut SearchState, document: &Document) -> Option<Location> {
    if !state.open {
        return None;
    }
    let mut jump = None;
    let mut open = state.open;
    // Top right, below the menu bar: the menus and the navigation tree stay usable.
    let window = egui::Window::new("查找")
        .open(&mut open)
        .default_width(420.0)
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-16.0, 36.0))
        .collapsible(false);
    window.show(ctx, |ui| {
        let label = ui.label("查找内容（编码、名称、金额或文字）");
        let mut query = egui::TextEdit::singleline(&mut state.query).desired_width(f32::INFINITY).show(ui);
        let response = query.response.response.clone().labelled_by(label.id);
        if std::mem::take(&mut state.focus_query) {
            response.request_focus();
            let all = egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(state.query.chars().count()),
            );
            query.state.cursor.set_char_range(Some(all));
            query.state.store(ui.ctx(), response.id);
        }
        if state.query != state.searched {
            state.searched = state.query.clone();
            state.results = search(document, state.query.trim());
        }
        ui.label(format!("找到 {} 处", state.results.len()));
        egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
            for (text, location) in &state.results {
                if ui.selectable_label(false, text).clicked() {
                    jump = Some(location.clone());
                }
            }
        });
    });
    state.open = open;
    jump
}

/// Up to 200 places where `query` occurs.
pub fn search(document: &Document, query: &str) -> Vec<(String, Location)> {
    let mut results = Vec::new();
    if query.is_empty() {
        return results;
    }
    for (id, table) in document.project.tables.iter() {
        for (row, key) in table.rows.iter().zip(table.row_keys()) {
            if row.id.contains(query) || row.name.contains(query) {
                results.push((
                    format!("{} · {} {}", id.short_name(), row.id, row.name),
                    Location::Table { table: id, row: Some(key.to_string()), column: None },
                ));
            }
            for (column, value) in row.cells.iter() {
                if format_wan(Some(value)).contains(query) {
                    results.push((
                        format!("{} · {} · {}", id.short_name(), row.name, format_wan(Some(value))),
                        Location::Table { table: id, row: Some(key.to_string()), column: Some(column.to_string()) },
                    ));
                }
            }
        }
    }
    for (section, text) in crate::audit::narrative_texts(&document.project) {
        if let Some(at) = text.find(query) {
            let start = text[..at].char_indices().rev().nth(12).map_or(0, |(i, _)| i);
            let excerpt: String = text[start..].chars().take(40).collect();
            results.push((format!("情况说明 · …{excerpt}…"), Location::Narrative { section }));
        }
    }
    results.truncate(200);
    results
}
