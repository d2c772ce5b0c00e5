//! The spreadsheet grid: one widget for the nine tables, procurement, assets and indicator
//! tables, on top of `egui_table` (virtualised rows, sticky header rows and columns).
//!
//! What a table shows and how a typed value is stored is the [`GridSource`]'s business; the grid
//! owns selection, the single cell editor, Excel-like keys and the clipboard. Edits are returned
//! as [`Op`]s and applied through the [`Document`], so totals, findings and undo follow.
//!
//! Keys are handled before the table is drawn, so the frame that handles an edit already shows
//! the recomputed totals and findings.

use eframe::egui::{self, Align2, Color32, Event, Key, Modifiers, Sense, Stroke, StrokeKind, Vec2};

use crate::audit::Severity;
use crate::editing::document::Document;
use crate::editing::history::Op;

/// The height of a body row, in points.
pub const ROW_HEIGHT: f32 = 24.0;
const HEADER_ROW_HEIGHT: f32 = 24.0;
/// Rows moved by PageUp/PageDown.
const PAGE_ROWS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Amount,
    Text,
}

#[derive(Debug, Clone)]
pub struct GridColumn {
    /// Header levels from top to bottom (“本年收入”, “小计”); equal neighbours merge.
    pub header: Vec<String>,
    pub width: f32,
    pub kind: ColumnKind,
}

impl GridColumn {
    pub fn amount(header: Vec<String>) -> GridColumn {
        // Wide enough for the leaf header in one line (about 14 points per Chinese character).
        let leaf = header.last().map_or(0, |h| h.chars().count()) as f32;
        GridColumn { header, width: (leaf * 14.0 + 16.0).max(96.0), kind: ColumnKind::Amount }
    }

    pub fn text(header: &str, width: f32) -> GridColumn {
        GridColumn { header: vec![header.to_string()], width, kind: ColumnKind::Text }
    }
}

/// What one cell shows.
#[derive(Debug, Clone, Default)]
pub struct CellView {
    pub text: String,
    /// Can be typed into (entered amounts, text cells); false for derived and label cells.
    pub editable: bool,
    /// Computed from other cells: read-only and tinted.
    pub derived: bool,
    /// A heading-like row (合计, 栏次): bold.
    pub strong: bool,
    /// Indentation level of names (类 0, 款 1, 项 2).
    pub indent: u8,
    /// The most severe finding on the cell and its message (tooltip).
    pub mark: Option<(Severity, String)>,
}

/// A table the grid can show and edit.
pub trait GridSource {
    fn columns(&self) -> &[GridColumn];
    /// Columns that stay in place when scrolling sideways (code and name).
    fn sticky_columns(&self) -> usize;
    fn row_count(&self, document: &Document) -> usize;
    fn cell(&self, document: &Document, row: usize, column: usize) -> CellView;
    /// The text an editor opens with (amounts without formatting noise).
    fn edit_text(&self, document: &Document, row: usize, column: usize) -> String {
        self.cell(document, row, column).text
    }
    /// Turns typed or pasted values into operations. Cells that refuse their value are left
    /// as they are and reported, with the reason, in the returned messages.
    fn write(&self, document: &Document, cells: &[(usize, usize, String)]) -> (Vec<Op>, Vec<String>);
    /// Names a cell for messages and assistive technology (“2010301 行政运行 · 基本支出”).
    fn cell_name(&self, document: &Document, row: usize, column: usize) -> String;
    /// Whether the cell's context menu offers the project goal tables (a 项目支出 cell).
    fn offers_goals(&self, _document: &Document, _row: usize, _column: usize) -> bool {
        false
    }
}

/// A cell position: (row, column).
pub type Position = (usize, usize);

#[derive(Debug, Clone)]
struct CellEditor {
    position: Position,
    text: String,
    /// The editor was just opened: focus it and put the cursor at the end.
    opened: bool,
}

/// Selection and editing state of one grid. Kept by the window across frames.
#[derive(Debug, Clone, Default)]
pub struct GridState {
    /// The active cell.
    pub cursor: Position,
    /// The other corner of the selected rectangle (equal to `cursor` for one cell).
    pub anchor: Position,
    editor: Option<CellEditor>,
    /// Scroll the active cell into view on the next frame.
    scroll_to_cursor: bool,
    /// Give the grid keyboard focus on the next frame.
    focus_next_frame: bool,
}

impl GridState {
    pub fn select(&mut self, position: Position) {
        self.cursor = position;
        self.anchor = position;
        self.editor = None;
        self.scroll_to_cursor = true;
        self.focus_next_frame = true;
    }

    pub fn is_editing(&self) -> bool {
        self.editor.is_some()
    }

    /// The selected rectangle as (top-left, bottom-right).
    pub fn selection(&self) -> (Position, Position) {
        let (a, b) = (self.cursor, self.anchor);
        ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)))
    }

    fn contains(&self, position: Position) -> bool {
        let (from, to) = self.selection();
        (from.0..=to.0).contains(&position.0) && (from.1..=to.1).contains(&position.1)
    }
}

/// What happened in the grid this frame, for the window (status messages, context actions).
#[derive(Debug, Default)]
pub struct GridOutput {
    /// Refusals and notices to show the user (““abc”不是有效的金额……”).
    pub messages: Vec<String>,
    /// Context-menu commands the grid does not handle itself.
    pub command: Option<GridCommand>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridCommand {
    InsertRow {
        row: usize,
    },
    DeleteRows {
        from: usize,
        to: usize,
    },
    /// Open the goal table of project n in the side panel.
    OpenGoal(usize),
}

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

    let mut delegate = Delegate { source, document, state, actions: Vec::new(), can_insert_rows };
    let table_columns: Vec<egui_table::Column> = source
        .columns()
        .iter()
        .map(|c| egui_table::Column::new(c.width).range(c.width..=c.width * 4.0).resizable(true))
        .collect();
    let mut table = egui_table::Table::new()
        .id_salt(("grid", &id_salt))
        .num_rows(rows as u64)
        .columns(table_columns)
        .num_sticky_cols(source.sticky_columns())
        .headers(header_rows(source.columns()))
        .auto_size_mode(egui_table::AutoSizeMode::Never);
    if delegate.state.scroll_to_cursor {
        delegate.state.scroll_to_cursor = false;
        let (row, column) = delegate.state.cursor;
        table = table.scroll_to_row(row as u64, None);
        if column >= source.sticky_columns() {
            table = table.scroll_to_column(column, None);
        }
    }
    let response = table.show(ui, &mut delegate);
    let actions = std::mem::take(&mut delegate.actions);

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
    output
}

fn clamp(state: &mut GridState, rows: usize, columns: usize) {
    let fit = |p: Position| (p.0.min(rows - 1), p.1.min(columns - 1));
    state.cursor = fit(state.cursor);
    state.anchor = fit(state.anchor);
    if state.editor.as_ref().is_some_and(|e| e.position.0 >= rows || e.position.1 >= columns) {
        state.editor = None;
    }
}

/// The header rows for egui_table: as many rows as the deepest header, equal neighbouring texts
/// merged into one group per row.
fn header_rows(columns: &[GridColumn]) -> Vec<egui_table::HeaderRow> {
    let depth = columns.iter().map(|c| c.header.len()).max().unwrap_or(1).max(1);
    (0..depth)
        .map(|level| {
            let mut row = egui_table::HeaderRow::new(HEADER_ROW_HEIGHT);
            let mut start = 0;
            for index in 1..=columns.len() {
                let same = index < columns.len() && merges(columns, level, start, index);
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
            ui.painter().text(
                rect.center(),
                Align2::CENTER_CENTER,
                text,
                egui::FontId::proportional(13.0),
                visuals.strong_text_color(),
            );
        }
    }

    fn cell_ui(&mut self, ui: &mut egui::Ui, info: &egui_table::CellInfo) {
        let position = (info.row_nr as usize, info.col_nr);
        let rect = ui.max_rect();
        if let Some(editor) = &mut self.state.editor
            && editor.position == position
        {
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
        if !view.text.is_empty() {
            let color = visuals.text_color();
            let font = if view.strong {
                egui::FontId::new(14.0, egui::FontFamily::Proportional)
            } else {
                egui::FontId::proportional(14.0)
            };
            let inner = rect.shrink2(Vec2::new(5.0, 0.0));
            let amount = self.source.columns()[position.1].kind == ColumnKind::Amount;
            let galley = painter.layout_no_wrap(view.text.clone(), font, color);
            let x = if amount { inner.right() - galley.size().x } else { inner.left() + f32::from(view.indent) * 14.0 };
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
        if let Some((severity, message)) = &view.mark {
            response.clone().on_hover_text(format!("{}：{}", severity.label(), message));
        } else if view.derived && response.hovered() {
            response.clone().on_hover_text("计算单元格：由其他单元格汇总，不能直接修改");
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

pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => Color32::from_rgb(0xd0, 0x30, 0x30),
        Severity::Warning => Color32::from_rgb(0xe0, 0x90, 0x10),
        Severity::Info => Color32::from_rgb(0x30, 0x80, 0xd0),
    }
}

/// Keys while no cell is being edited: Excel's movement, typing starts an edit, clipboard.
fn handle_grid_keys(
    ui: &mut egui::Ui,
    source: &dyn GridSource,
    document: &mut Document,
    state: &mut GridState,
    rows: usize,
    columns: usize,
    output: &mut GridOutput,
) {
    let events = ui.input(|i| i.events.clone());
    let mut handled = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let done = match event {
            Event::Key { key, pressed: true, modifiers, .. } => {
                handle_key(ui, source, document, state, rows, columns, *key, *modifiers, output)
            }
            Event::Text(text) if !text.chars().all(char::is_control) => {
                open_editor(source, document, state, Some(text.clone()), output);
                true
            }
            Event::Copy => {
                copy_selection(ui.ctx(), source, document, state);
                true
            }
            Event::Cut => {
                copy_selection(ui.ctx(), source, document, state);
                clear_selection(source, document, state, output);
                true
            }
            Event::Paste(text) => {
                paste(source, document, state, text, rows, columns, output);
                true
            }
            _ => false,
        };
        if done {
            handled.push(index);
        }
        if state.editor.is_some() {
            // Typing opened the editor; the rest of this frame's text goes to it.
            if let Some(editor) = &mut state.editor {
                for later in &events[index + 1..] {
                    if let Event::Text(more) = later {
                        editor.text.push_str(more);
                    }
                }
            }
            handled.extend(index + 1..events.len());
            break;
        }
    }
    if !handled.is_empty() {
        ui.input_mut(|i| {
            let mut index = 0;
            i.events.retain(|_| {
                let keep = !handled.contains(&index);
                index += 1;
                keep
            });
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn handle_key(
    ui: &egui::Ui,
    source: &dyn GridSource,
    document: &mut Document,
    state: &mut GridState,
    rows: usize,
    columns: usize,
    key: Key,
    modifiers: Modifiers,
    output: &mut GridOutput,
) -> bool {
    let (row, column) = state.cursor;
    let last_row = rows - 1;
    let last_column = columns - 1;
    let target = match key {
        Key::ArrowUp if modifiers.command => (0, column),
        Key::ArrowDown if modifiers.command => (last_row, column),
        Key::ArrowLeft if modifiers.command => (row, 0),
        Key::ArrowRight if modifiers.command => (row, last_column),
        Key::ArrowUp => (row.saturating_sub(1), column),
        Key::ArrowDown => ((row + 1).min(last_row), column),
        Key::ArrowLeft => (row, column.saturating_sub(1)),
        Key::ArrowRight => (row, (column + 1).min(last_column)),
        Key::PageUp => (row.saturating_sub(PAGE_ROWS), column),
        Key::PageDown => ((row + PAGE_ROWS).min(last_row), column),
        Key::Home if modifiers.command => (0, 0),
        Key::End if modifiers.command => (last_row, last_column),
        Key::Home => (row, 0),
        Key::End => (row, last_column),
        Key::Tab if modifiers.shift => (row, column.saturating_sub(1)),
        Key::Tab => (row, (column + 1).min(last_column)),
        Key::Enter if modifiers.shift => (row.saturating_sub(1), column),
        Key::Enter => ((row + 1).min(last_row), column),
        Key::F2 => {
            open_editor(source, document, state, None, output);
            return true;
        }
        Key::Delete | Key::Backspace => {
            clear_selection(source, document, state, output);
            return true;
        }
        Key::Escape => {
            state.anchor = state.cursor;
            return true;
        }
        _ => return false,
    };
    let _ = ui;
    let extend = modifiers.shift && !matches!(key, Key::Tab | Key::Enter);
    state.cursor = target;
    if !extend {
        state.anchor = target;
    }
    state.scroll_to_cursor = true;
    true
}

/// Keys while the cell editor is open: Enter/Tab commit and move, Esc cancels.
fn handle_editor_keys(
    ui: &mut egui::Ui,
    source: &dyn GridSource,
    document: &mut Document,
    state: &mut GridState,
    rows: usize,
    columns: usize,
    output: &mut GridOutput,
) {
    // Text typed in the same frame before Enter/Tab belongs to this cell: the editor would only
    // see it after the key closed it (fast typists and IME commits followed by Enter).
    let ends_edit =
        |event: &Event| matches!(event, Event::Key { key: Key::Enter | Key::Tab | Key::Escape, pressed: true, .. });
    if let Some(editor) = &mut state.editor {
        ui.input_mut(|i| {
            if let Some(end) = i.events.iter().position(ends_edit) {
                let mut index = 0;
                i.events.retain(|event| {
                    let before_end = index < end;
                    index += 1;
                    match event {
                        Event::Text(text) if before_end => {
                            editor.text.push_str(text);
                            false
                        }
                        _ => true,
                    }
                });
            }
        });
    }
    let (enter, shift_enter, tab, shift_tab, escape) = ui.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::SHIFT, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Tab),
            i.consume_key(Modifiers::SHIFT, Key::Tab),
            i.consume_key(Modifiers::NONE, Key::Escape),
        )
    });
    if escape {
        finish_editing(source, document, state, false, output);
        return;
    }
    if !(enter || shift_enter || tab || shift_tab) {
        return;
    }
    finish_editing(source, document, state, true, output);
    let (row, column) = state.cursor;
    state.cursor = if enter {
        ((row + 1).min(rows - 1), column)
    } else if shift_enter {
        (row.saturating_sub(1), column)
    } else if tab {
        (row, (column + 1).min(columns - 1))
    } else {
        (row, column.saturating_sub(1))
    };
    state.anchor = state.cursor;
    state.scroll_to_cursor = true;
}

/// Opens the editor on the active cell, with `typed` replacing the content (typing starts an
/// edit) or with the current content (F2, double-click).
fn open_editor(
    source: &dyn GridSource,
    document: &Document,
    state: &mut GridState,
    typed: Option<String>,
    output: &mut GridOutput,
) {
    let position = state.cursor;
    let view = source.cell(document, position.0, position.1);
    if !view.editable {
        output.messages.push(if view.derived {
            format!(
                "“{}”是计算单元格，由其他单元格汇总，不能直接修改",
                source.cell_name(document, position.0, position.1)
            )
        } else {
            format!("“{}”不能在这里修改", source.cell_name(document, position.0, position.1))
        });
        return;
    }
    let text = typed.unwrap_or_else(|| source.edit_text(document, position.0, position.1));
    state.anchor = position;
    state.editor = Some(CellEditor { position, text, opened: true });
}

/// Closes the editor, writing its text when `commit` (a refused value keeps the old one).
fn finish_editing(
    source: &dyn GridSource,
    document: &mut Document,
    state: &mut GridState,
    commit: bool,
    output: &mut GridOutput,
) {
    let Some(editor) = state.editor.take() else { return };
    state.focus_next_frame = true;
    if !commit {
        return;
    }
    let (row, column) = editor.position;
    if editor.text == source.edit_text(document, row, column) {
        return;
    }
    let (ops, refusals) = source.write(document, &[(row, column, editor.text)]);
    output.messages.extend(refusals);
    document.apply("修改单元格", ops, None);
}

fn clear_selection(source: &dyn GridSource, document: &mut Document, state: &GridState, output: &mut GridOutput) {
    let cells: Vec<(usize, usize, String)> = selected_positions(state)
        .filter(|&(r, c)| {
            let view = source.cell(document, r, c);
            view.editable && !view.text.is_empty()
        })
        .map(|(r, c)| (r, c, String::new()))
        .collect();
    if cells.is_empty() {
        return;
    }
    let (ops, refusals) = source.write(document, &cells);
    output.messages.extend(refusals);
    document.apply("清除内容", ops, None);
}

fn selected_positions(state: &GridState) -> impl Iterator<Item = Position> {
    let (from, to) = state.selection();
    (from.0..=to.0).flat_map(move |r| (from.1..=to.1).map(move |c| (r, c)))
}

/// Copies the selection as tab-separated text, the format Excel and WPS paste.
fn copy_selection(ctx: &egui::Context, source: &dyn GridSource, document: &Document, state: &GridState) {
    ctx.copy_text(selection_text(source, document, state));
}

pub fn selection_text(source: &dyn GridSource, document: &Document, state: &GridState) -> String {
    let (from, to) = state.selection();
    let mut text = String::new();
    for row in from.0..=to.0 {
        let line: Vec<String> =
            (from.1..=to.1).map(|column| source.cell(document, row, column).text.replace(['\t', '\n'], " ")).collect();
        text.push_str(&line.join("\t"));
        text.push('\n');
    }
    text
}

/// Splits clipboard text from a spreadsheet into rows of cells (tab-separated lines; a trailing
/// newline does not make an extra row). Quoted cells with line breaks, as Excel writes them for
/// multi-line text, are kept whole.
pub fn parse_clipboard(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            '\t' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    row.push(cell);
    rows.push(row);
    rows
}

/// Pastes a block at the active cell. A single value pasted onto a larger selection fills it,
/// as in Excel. Derived cells and cells past the table's edge are skipped and reported.
fn paste(
    source: &dyn GridSource,
    document: &mut Document,
    state: &mut GridState,
    text: &str,
    rows: usize,
    columns: usize,
    output: &mut GridOutput,
) {
    let block = parse_clipboard(text);
    let (from, to) = state.selection();
    let single = block.len() == 1 && block[0].len() == 1;
    let mut cells = Vec::new();
    let mut skipped_derived = 0;
    let mut outside = 0;
    let mut place = |row: usize, column: usize, value: &str, cells: &mut Vec<(usize, usize, String)>| {
        if row >= rows || column >= columns {
            outside += 1;
            return;
        }
        if source.cell(document, row, column).editable {
            cells.push((row, column, value.to_string()));
        } else if !value.trim().is_empty() {
            skipped_derived += 1;
        }
    };
    if single && from != to {
        for (row, column) in selected_positions(state) {
            place(row, column, &block[0][0], &mut cells);
        }
    } else {
        for (dr, line) in block.iter().enumerate() {
            for (dc, value) in line.iter().enumerate() {
                place(from.0 + dr, from.1 + dc, value, &mut cells);
            }
        }
        let height = block.len();
        let width = block.iter().map(Vec::len).max().unwrap_or(1);
        state.cursor = from;
        state.anchor = ((from.0 + height - 1).min(rows - 1), (from.1 + width - 1).min(columns - 1));
    }
    let (ops, refusals) = source.write(document, &cells);
    let refused = refusals.len();
    output.messages.extend(refusals);
    if skipped_derived > 0 {
        output.messages.push(format!("已跳过 {skipped_derived} 个计算单元格（由汇总得出，不能粘贴）"));
    }
    if outside > 0 {
        output.messages.push(format!("有 {outside} 个值超出表格范围，未粘贴"));
    }
    let written = cells.len() - refused;
    if document.apply("粘贴", ops, None) && written > 1 {
        output.messages.push(format!("已粘贴 {written} 个单元格"));
    }
}

/// The header text of every group, row by row (for tests of the header layout).
#[cfg(test)]
fn group_texts(columns: &[GridColumn]) -> Vec<Vec<String>> {
    header_rows(columns)
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
            group_texts(&columns),
            vec![vec!["编码", "合计", "本年收入", "上年结转"], vec!["", "", "小计", "财政拨款收入", ""]]
        );
    }
}
