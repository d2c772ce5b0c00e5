//! The window's dialogs, as `impl EditorApp` blocks: this file shows whichever is open and
//! closes it when answered; one file per dialog (unsaved-changes guard, recovery offer, new
//! project, insert row, Excel import preview, PDF exported, messages and 关于, find, and the
//! reviewer's 批注/说明/批注署名).

pub(in crate::ui) mod batch_review;
mod help;
mod import_preview;
mod insert_row;
mod message;
mod new_project;
mod pdf_exported;
mod recovery;
mod review;
mod review_status;
mod search;
mod unsaved;

use eframe::egui;

pub(in crate::ui) use review::{AcceptForm, CommentForm};

use crate::ui::app::{Dialog, EditorApp};

impl EditorApp {
    /// Shows the open dialog (the import preview in its own window, the others as a modal) and
    /// closes it when answered.
    pub(in crate::ui) fn dialogs(&mut self, ctx: &egui::Context) {
        if matches!(self.dialog, Some(Dialog::ImportPreview(_))) {
            self.import_preview_window(ctx);
            return;
        }
        let Some(dialog) = self.dialog.clone() else { return };
        let shown = kind(&dialog);
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            close = match dialog {
                Dialog::Unsaved(pending) => self.unsaved_dialog(ui, ctx, pending),
                Dialog::Recovery { original, age } => self.recovery_dialog(ui, original, age),
                Dialog::NewProject(form) => self.new_project_dialog(ui, form),
                Dialog::InsertRow(form) => self.insert_row_dialog(ui, form),
                // Shown in its own window (above): it is large and scrolls.
                Dialog::ImportPreview(_) => false,
                Dialog::PdfExported { path, pages, errors } => self.pdf_exported_dialog(ui, path, pages, errors),
                Dialog::Message { title, text } => message::message_dialog(ui, title, text),
                Dialog::About => message::about_dialog(ui),
                Dialog::Shortcuts => help::shortcuts_dialog(ui),
                Dialog::Guide => help::guide_dialog(ui),
                Dialog::Comment(form) => self.comment_dialog(ui, form),
                Dialog::Accept(form) => self.accept_dialog(ui, form),
                Dialog::Author(name) => self.author_dialog(ui, name),
                Dialog::ConfirmApproval { errors } => self.confirm_approval_dialog(ui, errors),
            };
        });
        if modal.should_close() && !matches!(self.dialog, Some(Dialog::Unsaved(_)) | Some(Dialog::Recovery { .. })) {
            close = true;
        }
        // An action may have opened another dialog (a save that failed shows its message): close
        // only the one that was shown.
        if close && self.dialog.as_ref().map(kind) == Some(shown) {
            self.dialog = None;
        }
    }
}

fn kind(dialog: &Dialog) -> u8 {
    match dialog {
        Dialog::Unsaved(_) => 1,
        Dialog::Recovery { .. } => 2,
        Dialog::NewProject(_) => 3,
        Dialog::InsertRow(_) => 4,
        Dialog::ImportPreview(_) => 7,
        Dialog::PdfExported { .. } => 8,
        Dialog::Message { .. } => 5,
        Dialog::About => 6,
        Dialog::Shortcuts => 9,
        Dialog::Guide => 10,
        Dialog::Comment(_) => 11,
        Dialog::Accept(_) => 12,
        Dialog::Author(_) => 13,
        Dialog::ConfirmApproval { .. } => 14,
    }
}
