//! The Excel import preview window and what its answer does (open as a new project, or merge
//! the chosen parts as one undoable edit).

use eframe::egui::{self};

use crate::editing::history::Op;
use crate::ui::app::{Dialog, EditorApp, Pending};
use crate::ui::views;

impl EditorApp {
    pub(in crate::ui) fn import_preview_window(&mut self, ctx: &egui::Context) {
        let Some(Dialog::ImportPreview(preview)) = &mut self.dialog else { return };
        let mut choice = views::ImportChoice::Open;
        egui::Window::new("导入 Excel")
            .collapsible(false)
            .resizable(true)
            .default_width(640.0)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| choice = views::import_preview(ui, preview));
        let Some(Dialog::ImportPreview(preview)) = self.dialog.take() else { return };
        match choice {
            views::ImportChoice::Open => self.dialog = Some(Dialog::ImportPreview(preview)),
            views::ImportChoice::Cancel => {}
            views::ImportChoice::AsNewProject => {
                let name = format!("导入的项目（{}）", preview.file_name());
                self.request(Pending::OpenImported(Box::new(preview.project), name));
            }
            views::ImportChoice::Merge(parts) => {
                if let Some(document) = &mut self.document {
                    let mut merged = document.project.clone();
                    crate::xlsx::apply_parts(&mut merged, &preview.project, &parts);
                    let count = parts.len();
                    if document.apply("导入 Excel", vec![Op::Project(Box::new(merged))], None) {
                        self.status = Some(format!("已从 Excel 导入 {count} 个部分，可撤销"));
                    }
                }
            }
        }
    }
}
