//! Excel keys, the single cell editor and the clipboard: arrows/Tab/Enter/PageUp/Down moves,
//! typing/F2 opens the editor, Delete clears, copy/cut as TSV, paste parses TSV (a single value
//! fills the selection).

use eframe::egui::{self, Event, ImeEvent, Key, Modifiers};

use crate::editing::document::Document;

use super::state::*;

/// Keys while no cell is being edited: Excel's movement, typing starts an edit, clipboard.
pub(super) fn handle_grid_keys(
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
            // The input method composes in the selected cell (see `takes_ime`); its result is
            // typed text. Amount cells have the input method off, but a commit still arriving
            // there (full-width “１２３”) is typed too, and the amount parser reads it.
            Event::Ime(ImeEvent::Preedit { text, .. }) => {
                state.composition = (takes_ime(source, document, state) && !text.is_empty()).then(|| text.clone());
                true
            }
            Event::Ime(ImeEvent::Commit(text)) => {
                state.composition = None;
                if !text.chars().all(char::is_control) {
                    open_editor(source, document, state, Some(text.clone()), output);
                }
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
                    if let Event::Text(more) | Event::Ime(ImeEvent::Commit(more)) = later {
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
pub(super) fn handle_key(
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

/// Whether the active cell composes with the input method while only selected: an editable
/// text cell. Amount cells keep it off, so digits typed with a Chinese input method on arrive
/// as plain text.
pub(super) fn takes_ime(source: &dyn GridSource, document: &Document, state: &GridState) -> bool {
    let (row, column) = state.cursor;
    source.columns().get(column).is_some_and(|c| c.kind == ColumnKind::Text)
        && source.cell(document, row, column).editable
}

/// Keys while the cell editor is open: Enter/Tab commit and move, Esc cancels.
pub(super) fn handle_editor_keys(
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
pub(super) fn open_editor(
    source: &dyn GridSource,
    document: &Document,
    state: &mut GridState,
    typed: Option<String>,
    output: &mut GridOutput,
) {
    let position = state.cursor;
    let view = source.cell(document, position.0, position.1);
    if document.is_review_mode() && view.editable {
        // The document would refuse the value anyway; an editor would only take typing in vain.
        output.messages.push(crate::editing::document::REVIEW_MODE_LOCKED.to_string());
        return;
    }
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
    state.composition = None;
    state.editor = Some(CellEditor { position, text, opened: true });
}

/// Closes the editor, writing its text when `commit` (a refused value keeps the old one).
pub(super) fn finish_editing(
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

pub(super) fn clear_selection(
    source: &dyn GridSource,
    document: &mut Document,
    state: &GridState,
    output: &mut GridOutput,
) {
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

pub(super) fn selected_positions(state: &GridState) -> impl Iterator<Item = Position> {
    let (from, to) = state.selection();
    (from.0..=to.0).flat_map(move |r| (from.1..=to.1).map(move |c| (r, c)))
}

/// Copies the selection as tab-separated text, the format Excel and WPS paste.
pub(super) fn copy_selection(ctx: &egui::Context, source: &dyn GridSource, document: &Document, state: &GridState) {
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
pub(super) fn paste(
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
