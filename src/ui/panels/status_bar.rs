//! The status bar: file, unsaved marker, error/warning/info counts, autosave age, last message.

use eframe::egui::{self};

use crate::ui::app::EditorApp;

impl EditorApp {
    pub(in crate::ui) fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let Some(document) = &self.document else {
                    ui.label("未打开项目");
                    return;
                };
                ui.label(match &document.path {
                    Some(path) => path.display().to_string(),
                    None => document.untitled_name.clone(),
                });
                if document.is_dirty() {
                    ui.colored_label(ui.visuals().warn_fg_color, "● 未保存");
                }
                ui.separator();
                // Findings 已说明 are not counted: the bar agrees with the findings panel's 问题 list.
                let reviewed = document.project.review.sort_findings(&document.findings);
                let tally = reviewed.open_tally();
                let color = if tally.errors > 0 { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                ui.colored_label(color, format!("错误 {}", tally.errors));
                ui.label(format!("警告 {}", tally.warnings));
                ui.label(format!("提示 {}", tally.infos));
                if !reviewed.accepted.is_empty() {
                    ui.label(format!("已说明 {} 条", reviewed.accepted.len()));
                }
                ui.separator();
                super::review::review_badges(ui, document);
                if let Some((at, revision)) = self.last_autosave
                    && revision != u64::MAX
                {
                    ui.separator();
                    ui.label(format!("已自动保存（{} 秒前）", at.elapsed().as_secs()));
                }
                if let Some(status) = &self.status {
                    ui.separator();
                    ui.label(status.as_str());
                }
            });
        });
    }
}
