//! The recovery offer on start: 恢复 the autosaved copy of an unsaved project, or 丢弃 it.

use std::path::PathBuf;

use eframe::egui::{self};

use crate::editing::document::Document;
use crate::io::recovery;
use crate::ui::app::EditorApp;

impl EditorApp {
    /// The offer's buttons; returns whether the dialog closes.
    pub(in crate::ui) fn recovery_dialog(&mut self, ui: &mut egui::Ui, original: Option<PathBuf>, age: String) -> bool {
        let mut close = false;
        ui.heading("恢复未保存的修改？");
        ui.label(format!(
            "上次编辑时程序未正常退出。发现自动保存的内容（{age}），对应文件：{}。",
            original.as_ref().map_or_else(|| "未保存的新项目".into(), |p| p.display().to_string())
        ));
        ui.horizontal(|ui| {
            if ui.button("恢复").clicked() {
                close = true;
                if let Some(found) = recovery::find(&self.store) {
                    let mut document = Document::new(found.project, found.original, "恢复的项目");
                    document.mark_unsaved();
                    self.document = Some(document);
                    self.grids.clear();
                    self.status = Some("已恢复自动保存的内容，请检查后保存".into());
                }
            }
            if ui.button("丢弃").clicked() {
                close = true;
                recovery::discard(&self.store);
            }
        });
        close
    }
}
