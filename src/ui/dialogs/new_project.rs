//! The new-project dialog (the form is `views::new_project_form`): a blank project of the chosen
//! edition (any of the window's catalog, the user's added editions included) becomes the unsaved
//! document.

use eframe::egui::{self};

use crate::editing::document::Document;
use crate::ui::app::{Dialog, EditorApp};
use crate::ui::view_keys::View;
use crate::ui::views;

impl EditorApp {
    /// Shows the form; returns whether the dialog closes.
    pub(in crate::ui) fn new_project_dialog(&mut self, ui: &mut egui::Ui, mut form: views::NewProjectForm) -> bool {
        let mut close = false;
        match views::new_project_form(ui, &mut form, self.catalog) {
            views::FormResult::Open => self.dialog = Some(Dialog::NewProject(form)),
            views::FormResult::Cancel => close = true,
            views::FormResult::Done(project) => {
                close = true;
                let name = format!("未命名（{}{}年）", project.meta.unit_name, project.meta.budget_year);
                self.replace_document(Document::new(*project, None, name));
                let document = self.document.as_mut().expect("just set");
                document.mark_unsaved();
                self.view = View::Meta;
            }
        }
        close
    }
}
