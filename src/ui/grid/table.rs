//! Drawing the grid on `egui_table`: [`show`] (keys first, then the table), merged multi-level
//! headers, the cell delegate (selection, derived cells, finding marks, the cell editor, the
//! context menu) and the severity colours.

use eframe::egui::{self, Align2, Color32, Sense, Stroke, StrokeKind, Vec2};

use crate::audit::Severity;
use crate::editing::document::Document;

use super::editing::*;
use super::state::*;

/// Draws the grid and handles its keys, mouse and clipboard.
pub fn show(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    source: &dyn GridSource,
    document: &mut Document,
    state: &mut GridState,
    can_insert_rows: bool,
) -> GridOutput {
    let mut output = GridOutput::default();
    let rows = source.row_count(document);
    let columns = source.columns().len();
    if rows == 0 || columns == 0 {
        ui.label("（空表）");
        return output;
    }
    clamp(state, rows, columns);
    let focus_id = ui.scope_id().with(("grid-focus", &id_salt));

    let has_focus = ui.memory(|m| m.has_focus(focus_id));
    if state.editor.is_some() {
        handle_editor_keys(ui, source, document, state, rows, columns, &mut output);
    } else if has_focus {
        handle_grid_keys(ui, source, document, state, rows, columns, &mut output);
    }

    let mut widths = fitted_widths(ui, source, document, state, rows);
    let available = ui.available_width() - 12.0;
    let fit = source.fit_width();
    if fit {
        let floors: Vec<f32> = source
            .columns()
            .iter()
            .map(|c| match c.kind {
                ColumnKind::Text => {
                    let header = c.header.last().map_or(0.0, |h| text_width(ui, h, header_font()));
                    (header + 2.0 * CELL_PADDING).max(MIN_FIT_WIDTH)
                }
                ColumnKind::Amount => f32::INFINITY,
            })
            .collect();
        // Less the vertical scroll bar, which takes room from the columns.
        let target = available - ui.spacing().scroll.bar_width - 8.0;
        let mut floors = floors;
        if floors.iter().sum::<f32>() > target {
            // Not even the headers fit: every column visible comes first.
            floors.iter_mut().filter(|f| f.is_finite()).for_each(|f| *f = MIN_FIT_WIDTH);
        }
        shrink_to(&mut widths, &floors, target);
    }
    let label_columns = source.label_columns().min(columns);
    let sticky = if widths[..label_columns].iter().sum::<f32>() <= available * 0.75 {
        label_columns
    } else {
        source.sticky_columns()
    };
    let mut delegate = Delegate { source, document, state, actions: Vec::new(), can_insert_rows, cursor_rects: None };
    let table_columns: Vec<egui_table::Column> = widths
        .iter()
        .map(|&w| {
            // Fitted to the width: exactly that wide (the stored width would otherwise keep an
            // older, wider size). Otherwise at least wide enough for the content, and resizable.
            if fit {
                egui_table::Column::new(w).range(w..=w).resizable(false)
            } else {
                egui_table::Column::new(w).range(w..=w * 4.0).resizable(true)
            }
        })
        .collect();
    let mut table = egui_table::Table::new()
        .id_salt(("grid", &id_salt))
        .num_rows(rows as u64)
        .columns(table_columns)
        .num_sticky_cols(sticky)
        .headers(header_rows(source.columns(), sticky))
        .auto_size_mode(egui_table::AutoSizeMode::Never);
    if delegate.state.scroll_to_cursor {
        delegate.state.scroll_to_cursor = false;
        let (row, column) = delegate.state.cursor;
        table = table.scroll_to_row(row as u64, None);
        if column >= sticky {
            table = table.scroll_to_column(column, None);
        }
    }
    let response = table.show(ui, &mut delegate);
    let actions = std::mem::take(&mut delegate.actions);
    let cursor_rects = delegate.cursor_rects;

    // The grid is one focusable widget: it must exist every frame for keyboard focus to stay.
    let focus = ui.interact(response.rect, focus_id, Sense::focusable_noninteractive());
    focus.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Grid, true, "表格"));
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            focus_id,
            egui::EventFilter { tab: true, horizontal_arrows: true, vertical_arrows: true, escape: true },
        )
    });
    for action in actions {
        match action {
            Action::Select { position, extend } => {
                state.composition = None;
                state.cursor = position;
                if !extend {
                    state.anchor = position;
                }
                state.focus_next_frame = true;
            }
            Action::Edit(position) => {
                state.cursor = position;
                state.anchor = position;
                open_editor(source, document, state, None, &mut output);
            }
            Action::EditorDone { commit } => {
                // The editor lost focus to a click elsewhere: keep what was typed.
                finish_editing(source, document, state, commit, &mut output);
            }
            Action::Copy => copy_selection(ui.ctx(), source, document, state),
            Action::Paste => {
                // From the context menu: egui has no clipboard read outside a paste event, so
                // ask the platform to send one (Ctrl+V does the same through the keyboard).
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                state.focus_next_frame = true;
            }
            Action::Clear => clear_selection(source, document, state, &mut output),
            Action::Command(command) => output.command = Some(command),
        }
    }
    if state.focus_next_frame && state.editor.is_none() {
        state.focus_next_frame = false;
        ui.memory_mut(|m| m.request_focus(focus_id));
    }
    allow_ime(ui, source, document, state, focus_id, response.rect, cursor_rects);
    output
}

/// Keeps the input method on while a text cell is selected, and while its editor opens; keeps it
/// off in amount cells, selected or edited.
///
/// eframe allows the IME (winit `set_ime_allowed`) only in frames whose output names an IME area,
/// which egui's `TextEdit` does only while it has focus. Without this, a Chinese user who selects
/// a text cell and types pinyin gets no candidates: winit sends nothing. With it, fcitx composes
/// at the cell (the candidate window follows `cursor_rect`) and the grid takes its events. The
/// area must be named every frame: a frame without it turns the IME off, and that drops the
/// composition. A `TextEdit` with focus later in the frame overwrites this with its own.
fn allow_ime(
    ui: &egui::Ui,
    source: &dyn GridSource,
    document: &Document,
    state: &GridState,
    focus_id: egui::Id,
    table_rect: egui::Rect,
    cursor_rects: Option<(egui::Rect, egui::Rect)>,
) {
    if state.editor.as_ref().is_some_and(|e| source.columns()[e.position.1].kind == ColumnKind::Amount) {
        // The amount editor too: its `TextEdit` named an area above, but through pinyin “.”
        // becomes “。” (fcitx's Chinese punctuation) and the amount is refused. Without the IME
        // the keys arrive as typed.
        ui.output_mut(|o| o.ime = None);
        return;
    }
    let composing_here =
        state.editor.is_none() && ui.memory(|m| m.has_focus(focus_id)) && takes_ime(source, document, state);
    if !(composing_here || state.editor.is_some()) {
        return;
    }
    let to_global = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
    // A cell scrolled out of view: the candidates go to the table's corner.
    let (rect, cursor_rect) = cursor_rects.unwrap_or_else(|| {
        let corner = table_rect.left_top();
        (table_rect, egui::Rect::from_min_size(corner, Vec2::new(1.0, ROW_HEIGHT)))
    });
    ui.output_mut(|o| {
        if o.ime.is_none() {
            o.ime = Some(egui::output::IMEOutput {
                purpose: egui::IMEPurpose::Normal,
                rect: to_global * rect,
                cursor_rect: to_global * cursor_rect,
                should_interrupt_composition: false,
            });
        }
    });
}

fn clamp(state: &mut GridState, rows: usize, columns: usize) {
    let fit = |p: Position| (p.0.min(rows - 1), p.1.min(columns - 1));
    state.cursor = fit(state.cursor);
    state.anchor = fit(state.anchor);
    if state.editor.as_ref().is_some_and(|e| e.position.0 >= rows || e.position.1 >= columns) {
        state.editor = None;
    }
}

/// The width of every column: a text column as wide as its widest cell (cell font, indentation and
/// padding) and its header, from its starting width up to its `max_width`; an amount column as wide
/// as its header. Measured again only when the document or its row count changes.
fn fitted_widths(
    ui: &egui::Ui,
    source: &dyn GridSource,
    document: &Document,
    state: &mut GridState,
    rows: usize,
) -> Vec<f32> {
    let key = (document.revision(), rows);
    if let Some((revision, count, widths)) = &state.fitted
        && (*revision, *count) == key
        && widths.len() == source.columns().len()
    {
        return widths.clone();
    }
    let widths: Vec<f32> = source
        .columns()
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let header = column.header.last().map_or(0.0, |h| text_width(ui, h, header_font())) + 2.0 * CELL_PADDING;
            let content = match column.kind {
                ColumnKind::Amount => 0.0,
                ColumnKind::Text => (0..rows)
                    .map(|row| {
                        let view = source.cell(document, row, index);
                        text_width(ui, &view.text, cell_font())
                            + f32::from(view.indent) * INDENT
                            + 2.0 * CELL_PADDING
                            + 2.0
                    })
                    .fold(0.0, f32::max),
            };
            header.max(content).max(column.width).min(column.max_width.max(column.width))
        })
        .collect();
    state.fitted = Some((key.0, key.1, widths.clone()));
    widths
}

/// Narrows the columns, in proportion to what they have above their floor (a text column's header
/// width; amounts keep theirs), until all columns fit in `available` — or down to the floors.
fn shrink_to(widths: &mut [f32], floors: &[f32], available: f32) {
    let total: f32 = widths.iter().sum();
    if total <= available {
        return;
    }
    let spare: f32 = widths.iter().zip(floors).map(|(w, f)| (w - f).max(0.0)).sum();
    if spare <= 0.0 {
        return;
    }
    let factor = ((total - available) / spare).min(1.0);
    for (width, floor) in widths.iter_mut().zip(floors) {
        let room = (*width - floor).max(0.0);
        *width -= room * factor;
    }
}

fn text_width(ui: &egui::Ui, text: &str, font: egui::FontId) -> f32 {
    if text.is_empty() {
        return 0.0;
    }
    ui.ctx().fonts_mut(|f| f.layout_no_wrap(text.to_string(), font, Color32::WHITE).size().x)
}

/// Space left and right of a cell's text.
const CELL_PADDING: f32 = 5.0;
/// Indentation per level of a name (类, 款, 项).
const INDENT: f32 = 14.0;
/// The narrowest a text column is made to fit a side panel.
const MIN_FIT_WIDTH: f32 = 64.0;

fn cell_font() -> egui::FontId {
    egui::FontId::proportional(14.0)
}

fn header_font() -> egui::FontId {
    egui::FontId::proportional(13.0)
}

/// The header rows for egui_table: as many rows as the deepest header, equal neighbouring texts
/// merged into one group per row. A group never spans the edge of the sticky columns (egui_table
/// draws the two parts in different places): a header over both is shown over each part.
fn header_rows(columns: &[GridColumn], sticky: usize) -> Vec<egui_table::HeaderRow> {
    let depth = columns.iter().map(|c| c.header.len()).max().unwrap_or(1).max(1);
    (0..depth)
        .map(|level| {
            let mut row = egui_table::HeaderRow::new(HEADER_ROW_HEIGHT);
            let mut start = 0;
            for index in 1..=columns.len() {
                let same = index < columns.len() && index != sticky && merges(columns, level, start, index);
                if !same {
                    row.groups.push(start..index);
                    start = index;
                }
            }
            row
        })
        .collect()
}

/// Whether column `b` continues the header group of column `a` at `level`: both have that level
/// and all levels above it equal, and the level is not their last (leaf headers never merge).
fn merges(columns: &[GridColumn], level: usize, a: usize, b: usize) -> bool {
    let (x, y) = (&columns[a].header, &columns[b].header);
    level + 1 < x.len() && level + 1 < y.len() && x[..=level] == y[..=level]
}

/// The header text shown at `level` for a column: a short header sits in the top row, and the
/// rows below it are left blank (the printed tables merge those cells vertically).
fn header_text(column: &GridColumn, level: usize) -> &str {
    column.header.get(level).map_or("", String::as_str)
}

enum Action {
    Select { position: Position, extend: bool },
    Edit(Position),
    EditorDone { commit: bool },
    Copy,
    Paste,
    Clear,
    Command(GridCommand),
}

struct Delegate<'a> {
    source: &'a dyn GridSource,
    document: &'a Document,
    state: &'a mut GridState,
    actions: Vec<Action>,
    can_insert_rows: bool,
    /// The active cell's rectangle and a text cursor in it, for the input method's area.
    cursor_rects: Option<(egui::Rect, egui::Rect)>,
}

impl egui_table::TableDelegate for Delegate<'_> {
    fn header_cell_ui(&mut self, ui: &mut egui::Ui, cell: &egui_table::HeaderCellInfo) {
        let rect = ui.max_rect();
        let visuals = ui.visuals();
        ui.painter().rect_filled(rect, 0.0, visuals.faint_bg_color);
        let column = &self.source.columns()[cell.col_range.start];
        let text = header_text(column, cell.row_nr);
        // Lines: the bottom line only where the header ends, so short headers look merged down.
        let stroke = Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color);
        let last_level = cell.row_nr + 1 >= column.header.len();
        ui.painter().vline(rect.right(), rect.y_range(), stroke);
        if last_level {
            ui.painter().hline(rect.x_range(), rect.bottom(), stroke);
        }
        if !text.is_empty() {
            ui.painter().text(rect.center(), Align2::CENTER_CENTER, text, header_font(), visuals.strong_text_color());
        }
    }

    fn cell_ui(&mut self, ui: &mut egui::Ui, info: &egui_table::CellInfo) {
        let position = (info.row_nr as usize, info.col_nr);
        let rect = ui.max_rect();
        if let Some(editor) = &mut self.state.editor
            && editor.position == position
        {
            let cursor =
                egui::Rect::from_min_size(rect.left_top() + Vec2::new(5.0, 0.0), Vec2::new(1.0, rect.height()));
            self.cursor_rects = Some((rect, cursor));
            let id = ui.scope_id().with("cell-editor");
            let text_edit = egui::TextEdit::singleline(&mut editor.text).id(id).desired_width(rect.width()).align(
                if self.source.columns()[position.1].kind == ColumnKind::Amount {
                    Align2::RIGHT_CENTER
                } else {
                    Align2::LEFT_CENTER
                },
            );
            let response = ui.put(rect, text_edit);
            response
                .widget_info(|| egui::WidgetInfo::text_edit(true, String::new(), editor.text.clone(), "单元格编辑"));
            if editor.opened {
                editor.opened = false;
                response.request_focus();
                if let Some(mut text_state) = egui::TextEdit::load_state(ui.ctx(), id) {
                    let end = egui::text::CCursor::new(editor.text.chars().count());
                    text_state.cursor.set_char_range(Some(egui::text::CCursorRange::one(end)));
                    text_state.store(ui.ctx(), id);
                }
            } else if response.lost_focus() {
                self.actions.push(Action::EditorDone { commit: true });
            }
            return;
        }

        let view = self.source.cell(self.document, position.0, position.1);
        let visuals = ui.visuals();
        let selected = self.state.contains(position);
        let is_cursor = self.state.cursor == position;
        let background = if selected {
            Some(visuals.selection.bg_fill.gamma_multiply(if is_cursor { 0.55 } else { 0.3 }))
        } else if let Some((severity, _)) = &view.mark {
            Some(severity_color(*severity).gamma_multiply(0.18))
        } else if view.derived || view.strong {
            Some(visuals.faint_bg_color)
        } else {
            None
        };
        let painter = ui.painter();
        if let Some(fill) = background {
            painter.rect_filled(rect, 0.0, fill);
        }
        let changed =
            super::changed::mark_changed_cell(ui, rect, self.source.anchor(self.document, position.0, position.1));
        let grid_line = Stroke::new(0.5, visuals.widgets.noninteractive.bg_stroke.color);
        painter.hline(rect.x_range(), rect.bottom(), grid_line);
        painter.vline(rect.right(), rect.y_range(), grid_line);
        if let Some((severity, _)) = &view.mark {
            // A corner flag like a spreadsheet comment marker.
            let corner = rect.right_top();
            painter.add(egui::Shape::convex_polygon(
                vec![corner, corner + Vec2::new(-7.0, 0.0), corner + Vec2::new(0.0, 7.0)],
                severity_color(*severity),
                Stroke::NONE,
            ));
        }
        if is_cursor {
            painter.rect_stroke(
                rect.shrink(1.0),
                0.0,
                Stroke::new(2.0, visuals.selection.stroke.color),
                StrokeKind::Inside,
            );
        }
        let composition = if is_cursor { self.state.composition.as_deref() } else { None };
        if let Some(preedit) = composition {
            // Pinyin being composed replaces the content, as typing does: drawn like the editor
            // will show it, underlined, with the input method's cursor at its end.
            painter.rect_filled(rect.shrink(1.0), 0.0, visuals.extreme_bg_color);
            let galley =
                painter.layout_no_wrap(preedit.to_string(), egui::FontId::proportional(14.0), visuals.text_color());
            let left = rect.left() + 5.0;
            let y = rect.center().y - galley.size().y / 2.0;
            let (width, height) = (galley.size().x, galley.size().y);
            let clip = painter.clone().with_clip_rect(rect.intersect(painter.clip_rect()));
            clip.galley(egui::pos2(left, y), galley, visuals.text_color());
            clip.hline(left..=left + width, y + height, Stroke::new(1.0, visuals.text_color()));
            let cursor = egui::Rect::from_min_size(egui::pos2(left + width, rect.top()), Vec2::new(1.0, rect.height()));
            self.cursor_rects = Some((rect, cursor));
        } else if is_cursor {
            let left = rect.left() + 5.0 + f32::from(view.indent) * 14.0;
            let cursor = egui::Rect::from_min_size(egui::pos2(left, rect.top()), Vec2::new(1.0, rect.height()));
            self.cursor_rects = Some((rect, cursor));
        }
        let mut clipped = false;
        if !view.text.is_empty() && composition.is_none() {
            let color = visuals.text_color();
            let font = cell_font();
            let inner = rect.shrink2(Vec2::new(CELL_PADDING, 0.0));
            let amount = self.source.columns()[position.1].kind == ColumnKind::Amount;
            let galley = painter.layout_no_wrap(view.text.clone(), font, color);
            let indent = if amount { 0.0 } else { f32::from(view.indent) * INDENT };
            clipped = galley.size().x + indent > inner.width();
            let x = if amount { inner.right() - galley.size().x } else { inner.left() + indent };
            let y = rect.center().y - galley.size().y / 2.0;
            let clip = painter.clone().with_clip_rect(rect.intersect(painter.clip_rect()));
            clip.galley(egui::pos2(x, y), galley.clone(), color);
            if view.strong {
                // Faux bold: the bundled font has one weight.
                clip.galley(egui::pos2(x + 0.6, y), galley, color);
            }
        }

        let response = ui.interact(rect, ui.scope_id().with(position), Sense::click());
        let document = self.document;
        let source = self.source;
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Cell, true, source.cell_name(document, position.0, position.1))
        });
        if response.double_clicked() {
            self.actions.push(Action::Edit(position));
        } else if response.clicked() {
            let extend = ui.input(|i| i.modifiers.shift);
            self.actions.push(Action::Select { position, extend });
        } else if response.secondary_clicked() && !self.state.contains(position) {
            self.actions.push(Action::Select { position, extend: false });
        }
        if let Some(note) = changed {
            response.clone().on_hover_text(note);
        }
        let commented = comment_marker(ui, self.source, self.document, position, rect);
        if let Some((severity, message)) = &view.mark {
            response.clone().on_hover_text(format!("{}：{}", severity.label(), message));
        } else if let Some(comments) = commented {
            response.clone().on_hover_text(comments);
        } else if view.derived && response.hovered() {
            response.clone().on_hover_text("计算单元格：由其他单元格汇总，不能直接修改");
        } else if clipped {
            // Wider than its column: the whole text on hover.
            response.clone().on_hover_text(&view.text);
        }
        let can_insert = self.can_insert_rows;
        let offers_goals = self.source.offers_goals(self.document, position.0, position.1);
        response.context_menu(|ui| {
            if offers_goals && !self.document.project.goals.is_empty() {
                // The tables carry function codes and the goals project codes, so the data cannot
                // say which projects make up this amount: list them all.
                ui.menu_button("打开项目绩效目标", |ui| {
                    for (index, goal) in self.document.project.goals.iter().enumerate() {
                        if ui.button(format!("{}、{}", index + 1, goal.name)).clicked() {
                            self.actions.push(Action::Command(GridCommand::OpenGoal(index)));
                        }
                    }
                });
                ui.separator();
            }
            if let Some(anchor) = self.source.anchor(self.document, position.0, position.1) {
                if ui.button("添加批注…").clicked() {
                    self.actions.push(Action::Command(GridCommand::Comment(anchor)));
                }
                ui.separator();
            }
            if ui.button("复制").clicked() {
                self.actions.push(Action::Copy);
            }
            if ui.button("粘贴").clicked() {
                self.actions.push(Action::Paste);
            }
            if ui.button("清除内容").clicked() {
                self.actions.push(Action::Clear);
            }
            if can_insert {
                ui.separator();
                if ui.button("插入科目行…").clicked() {
                    self.actions.push(Action::Command(GridCommand::InsertRow { row: position.0 }));
                }
                let (from, to) = self.state.selection();
                if ui.button("删除所选行").clicked() {
                    self.actions.push(Action::Command(GridCommand::DeleteRows { from: from.0, to: to.0 }));
                }
            }
        });
    }

    fn default_row_height(&self) -> f32 {
        ROW_HEIGHT
    }
}

/// The comment marker: a violet triangle in the cell's top-left corner (the finding flag has the
/// top-right), grey when every comment there is 已处理. Returns the comments' text for the hover.
/// Costs nothing on a file without comments.
fn comment_marker(
    ui: &egui::Ui,
    source: &dyn GridSource,
    document: &Document,
    position: Position,
    rect: egui::Rect,
) -> Option<String> {
    if document.project.review.comments.is_empty() {
        return None;
    }
    let anchor = source.anchor(document, position.0, position.1)?;
    // A row's comment is marked once, on the first cell that stands for the row.
    if position.1 > 0 && source.anchor(document, position.0, position.1 - 1).as_ref() == Some(&anchor) {
        return None;
    }
    let status = document.comment_mark(&anchor)?;
    let color = match status {
        crate::model::CommentStatus::Open => crate::ui::panels::OPEN_COMMENT,
        crate::model::CommentStatus::Resolved => crate::ui::panels::RESOLVED_COMMENT,
    };
    let corner = rect.left_top();
    ui.painter().add(egui::Shape::convex_polygon(
        vec![corner, corner + Vec2::new(8.0, 0.0), corner + Vec2::new(0.0, 8.0)],
        color,
        Stroke::NONE,
    ));
    let lines: Vec<String> = document
        .comments_at(&anchor)
        .map(|c| format!("批注（{}）{}：{}", c.status.label(), c.author, c.text))
        .collect();
    Some(lines.join("\n"))
}

pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => Color32::from_rgb(0xd0, 0x30, 0x30),
        Severity::Warning => Color32::from_rgb(0xe0, 0x90, 0x10),
        Severity::Info => Color32::from_rgb(0x30, 0x80, 0xd0),
    }
}

/// The header text of every group, row by row (for tests of the header layout).
#[cfg(test)]
fn group_texts(columns: &[GridColumn], sticky: usize) -> Vec<Vec<String>> {
    header_rows(columns, sticky)
        .iter()
        .enumerate()
        .map(|(level, row)| row.groups.iter().map(|g| header_text(&columns[g.start], level).to_string()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipboard_from_excel_splits_rows_and_cells_and_keeps_quoted_line_breaks() {
        assert_eq!(parse_clipboard("1\t2\n3\t4\n"), vec![vec!["1", "2"], vec!["3", "4"]]);
        assert_eq!(parse_clipboard("1\t2\r\n3\t4\r\n"), vec![vec!["1", "2"], vec!["3", "4"]]);
        assert_eq!(parse_clipboard("5"), vec![vec!["5"]]);
        assert_eq!(parse_clipboard("a\t\tb"), vec![vec!["a", "", "b"]]);
        assert_eq!(parse_clipboard("\"第一行\n第二行\"\t2\n"), vec![vec!["第一行\n第二行", "2"]]);
        assert_eq!(parse_clipboard("\"说\"\"明\"\"\""), vec![vec!["说\"明\""]]);
    }

    #[test]
    fn headers_merge_equal_parents_but_never_leaves() {
        let columns = vec![
            GridColumn::text("编码", 80.0),
            GridColumn::amount(vec!["合计".into()]),
            GridColumn::amount(vec!["本年收入".into(), "小计".into()]),
            GridColumn::amount(vec!["本年收入".into(), "财政拨款收入".into()]),
            GridColumn::amount(vec!["上年结转".into()]),
        ];
        assert_eq!(
            group_texts(&columns, 0),
            vec![vec!["编码", "合计", "本年收入", "上年结转"], vec!["", "", "小计", "财政拨款收入", ""]]
        );
    }

    #[test]
    fn a_header_over_sticky_and_scrolling_columns_is_shown_over_each_part() {
        let side = |leaf: &str| GridColumn::amount(vec!["支出".into(), leaf.into()]);
        let columns = vec![side("项目"), side("合计"), side("一般公共预算财政拨款")];
        assert_eq!(group_texts(&columns, 0), vec![vec!["支出"], vec!["项目", "合计", "一般公共预算财政拨款"]]);
        assert_eq!(group_texts(&columns, 1)[0], vec!["支出", "支出"]);
    }
}
