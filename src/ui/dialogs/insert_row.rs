//! The insert-row dialog (the form is `views::insert_row_form`): the new row is selected in
//! the same column.

use eframe::egui::{self};

use crate::ui::app::{Dialog, EditorApp};
use crate::ui::view_keys::GridKey;
use crate::ui::views;

impl EditorApp {
    /// Shows the form; returns whether the dialog closes.
    pub(in crate::ui) fn insert_row_dialog(&mut self, ui: &mut egui::Ui, mut form: views::InsertRowForm) -> bool {
        let mut close = false;
        let Some(document) = &mut self.document else { return false };
        match views::insert_row_form(ui, &mut form, document) {
            views::FormResult::Open => self.dialog = Some(Dialog::InsertRow(form)),
            views::FormResult::Cancel => close = true,
            views::FormResult::Done(message) => {
                close = true;
                self.status = Some(*message);
                if let Some((row, table)) = form.inserted {
                    // Same column as before (an amount column), on the new row.
                    let state = self.grids.entry(GridKey::Table(table)).or_default();
                    let column = state.cursor.1.max(2);
                    state.select((row + 1, column));
                }
            }
        }
        close
    }
}
